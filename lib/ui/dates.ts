/**
 * Dates in one locale-aware format (D73). Every date on a page goes through these, with the
 * reader's locale (from the request's Accept-Language, see lib/http/locale.server.ts), so a page
 * shows "30 Nov 2026" to a British reader, "Nov 30, 2026" to an American one, as the browser's
 * own date inputs do. Times are UTC and say so: the server does not know the reader's time zone.
 * Pure: no React, no Next.
 */

export const DEFAULT_LOCALE = "en-GB";

const cache = new Map<string, Intl.DateTimeFormat>();

function format(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { ...options, timeZone: "UTC" });
    cache.set(key, f);
  }
  return f;
}

/** "30 Nov 2026" (en-GB), "Nov 30, 2026" (en-US). */
export function formatDay(date: Date, locale: string = DEFAULT_LOCALE): string {
  return format(locale, { dateStyle: "medium" }).format(date);
}

/** "30 Nov" (en-GB), "Nov 30" (en-US): for lists within the current year. */
export function formatShortDay(date: Date, locale: string = DEFAULT_LOCALE): string {
  return format(locale, { day: "numeric", month: "short" }).format(date);
}

/** "30 Nov 2026, 14:05 UTC". */
export function formatDateTime(date: Date, locale: string = DEFAULT_LOCALE): string {
  return `${format(locale, { dateStyle: "medium", timeStyle: "short" }).format(date)} UTC`;
}

/**
 * The best supported locale for an Accept-Language header ("fr-CA,fr;q=0.9,en;q=0.8"), in the
 * header's order of preference; DEFAULT_LOCALE when none is given or supported.
 */
export function negotiateLocale(acceptLanguage: string | null | undefined): string {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const wanted = acceptLanguage
    .split(",")
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      const weight = q ? Number(q.slice(2)) : 1;
      return { tag: tag!.trim(), weight: Number.isFinite(weight) ? weight : 0, i };
    })
    .filter((w) => w.tag && w.tag !== "*" && w.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const { tag } of wanted) {
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf([tag]);
      if (supported) return supported;
    } catch {
      // A malformed tag: try the next one.
    }
  }
  return DEFAULT_LOCALE;
}
