import { requestLocale } from "@/lib/http/locale.server";
import { formatDateTime, formatDay, formatShortDay } from "@/lib/ui/dates";

const FORMATS = { day: formatDay, short: formatShortDay, dateTime: formatDateTime } as const;

/** A date in the reader's locale (D73), as a <time> element: "30 Nov 2026", "30 Nov", or with the time in UTC. */
export async function LocalDate({ date, format = "day" }: { date: Date; format?: keyof typeof FORMATS }) {
  const locale = await requestLocale();
  return <time dateTime={date.toISOString()}>{FORMATS[format](date, locale)}</time>;
}
