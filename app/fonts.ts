import localFont from "next/font/local";

/**
 * The UI typeface: Inter (variable weight), self-hosted from the @fontsource-variable/inter
 * package (D73). next/font/local preloads it and gives the fallback font Inter's metrics
 * (size-adjust), so the text does not move when the font arrives. Latin only: the app's text is
 * English; other scripts fall back to the system font.
 */
export const inter = localFont({
  src: "../node_modules/@fontsource-variable/inter/files/inter-latin-wght-normal.woff2",
  weight: "100 900",
  style: "normal",
  display: "swap",
  variable: "--font-inter",
  fallback: ["ui-sans-serif", "system-ui", "Arial"],
});
