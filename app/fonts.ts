import localFont from "next/font/local";

/**
 * The UI typeface: Inter (variable weight), self-hosted from the @fontsource-variable/inter
 * package (D73). next/font/local preloads it and gives the fallback font Inter's metrics
 * (size-adjust), so the text does not move when the font arrives. Latin only: the app's text is
 * English; other scripts fall back to the system font.
 *
 * The fallback face while Inter loads is ours, not next/font's (`adjustFontFallback: false`): next/font
 * writes `src: local("Arial")`, which finds nothing on Linux or Android, so the browser then tried
 * every family in the stack for every size and weight of text, a font look-up each, on the page's
 * first layout (D78). "Inter Fallback" in globals.css names Arial's metric twins too.
 */
export const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  style: "normal",
  display: "swap",
  variable: "--font-inter",
  adjustFontFallback: false,
  fallback: ["Inter Fallback"],
});
