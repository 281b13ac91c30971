import { describe, expect, it } from "vitest";
import { DEFAULT_LOCALE, formatDateTime, formatDay, formatShortDay, negotiateLocale } from "./dates";

const at = new Date("2026-11-30T14:05:00Z");

describe("dates", () => {
  it("formats a day in the reader's locale order", () => {
    expect(formatDay(at, "en-GB")).toBe("30 Nov 2026");
    expect(formatDay(at, "en-US")).toBe("Nov 30, 2026");
    expect(formatShortDay(at, "en-GB")).toBe("30 Nov");
    expect(formatShortDay(at, "en-US")).toBe("Nov 30");
  });

  it("formats times in UTC and says so, whatever the server's time zone", () => {
    expect(formatDateTime(at, "en-GB")).toBe("30 Nov 2026, 14:05 UTC");
    expect(formatDay(new Date("2026-11-30T23:59:00Z"), "en-GB")).toBe("30 Nov 2026");
  });

  it("picks the most preferred supported locale from Accept-Language", () => {
    expect(negotiateLocale("en-US,en;q=0.9")).toBe("en-US");
    expect(negotiateLocale("de;q=0.5, fr-CA")).toBe("fr-CA");
    expect(negotiateLocale("*;q=0.8, es")).toBe("es");
    expect(negotiateLocale("not a locale!!, en-GB;q=0.1")).toBe("en-GB");
    expect(negotiateLocale("en-US;q=0")).toBe(DEFAULT_LOCALE);
    expect(negotiateLocale(undefined)).toBe(DEFAULT_LOCALE);
    expect(negotiateLocale("")).toBe(DEFAULT_LOCALE);
  });
});
