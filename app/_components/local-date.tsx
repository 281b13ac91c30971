import { requestLocale } from "@/lib/http/locale.server";
import { formatDateTime, formatDay, formatShortDay } from "@/lib/ui/dates";

const FORMATS = { day: formatDay, short: formatShortDay, dateTime: formatDateTime } as const;
type Format = keyof typeof FORMATS;

/** A date in the reader's locale (D73), as a <time> element: "30 Nov 2026", "30 Nov", or with the time in UTC. */
export async function LocalDate({ date, format = "day" }: { date: Date; format?: Format }) {
  return <DateIn date={date} format={format} locale={await requestLocale()} />;
}

/**
 * The same, for a locale the page already has: a plain component, for long lists (a table row
 * each), where an async component per date costs the render time.
 */
export function DateIn({ date, locale, format = "day" }: { date: Date; locale: string; format?: Format }) {
  return <time dateTime={date.toISOString()}>{FORMATS[format](date, locale)}</time>;
}
