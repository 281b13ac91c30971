import { describe, expect, it } from "vitest";
import { filteredQuery, pageOf, parseScorecardQuery, searchRows, sortRows, type SortableRow } from "./scorecard-query";

const row = (name: string, latest: number | null, extra: Partial<SortableRow> = {}): SortableRow => ({
  name,
  runs: latest === null ? 0 : 1,
  passRate: latest,
  latest,
  best: latest,
  recent: { laer: latest, reflectiveListening: latest, promises: latest, professionalism: latest },
  weakestRecent: latest === null ? null : "laer",
  assignments: { done: 0, due: 0, overdue: 0 },
  ...extra,
});

describe("scorecard query", () => {
  it("reads sort, direction, scenario and an inclusive date range", () => {
    const q = parseScorecardQuery({ sort: "latest", dir: "desc", scenario: "billing-error", from: "2026-11-01", to: "2026-11-07" });
    expect(q).toMatchObject({
      sort: "latest",
      dir: "desc",
      scenarioId: "billing-error",
      fromDay: "2026-11-01",
      toDay: "2026-11-07",
      problems: [],
    });
    expect(q.from?.toISOString()).toBe("2026-11-01T00:00:00.000Z");
    expect(q.to?.toISOString()).toBe("2026-11-08T00:00:00.000Z");
  });

  it("falls back to defaults on junk and says what was wrong with dates", () => {
    const q = parseScorecardQuery({ sort: "drop table", dir: "sideways", scenario: "../../etc", from: "2026-02-30", to: ["x", "y"] });
    expect([q.sort, q.dir, q.scenarioId, q.from, q.to]).toEqual(["name", "asc", undefined, undefined, undefined]);
    expect(q.problems).toHaveLength(3);
    const swapped = parseScorecardQuery({ from: "2026-11-09", to: "2026-11-01" });
    expect(swapped.problems[0]).toMatch(/start date is after the end date/);
    expect([swapped.from, swapped.to, swapped.fromDay, swapped.toDay]).toEqual([undefined, undefined, undefined, undefined]);
    // The date picker allows 0000-01-01 to 9999-12-31; the databases do not.
    for (const bad of ["9999-12-31", "0000-01-01", "1999-12-31", "+10000-01-01"])
      expect(parseScorecardQuery({ to: bad }).to).toBeUndefined();
    expect(parseScorecardQuery({ scenario: "refund_request" }).scenarioId).toBe("refund_request");
  });

  it("sorts with empty rows last in both directions and name as the tie-break", () => {
    const rows = [row("Cara", 50), row("abe", null), row("Bea", 90), row("Dan", 50)];
    expect(sortRows(rows, "latest", "desc").map((r) => r.name)).toEqual(["Bea", "Cara", "Dan", "abe"]);
    expect(sortRows(rows, "latest", "asc").map((r) => r.name)).toEqual(["Cara", "Dan", "Bea", "abe"]);
    expect(sortRows(rows, "name", "asc").map((r) => r.name)).toEqual(["abe", "Bea", "Cara", "Dan"]);
    const late = row("Eve", 10, { assignments: { done: 0, due: 0, overdue: 2 } });
    expect(sortRows([...rows, late], "assignments", "desc")[0]!.name).toBe("Eve");
  });

  it("pages and searches", () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({ name: `Trainee ${i + 1}`, email: `t${i + 1}@x.test` }));
    expect(pageOf(rows, 1)).toMatchObject({ page: 1, pages: 3, first: 1, last: 50 });
    expect(pageOf(rows, 3)).toMatchObject({ page: 3, pages: 3, first: 101, last: 120 });
    expect(pageOf(rows, 9).page).toBe(3);
    expect(pageOf([], 1)).toMatchObject({ page: 1, pages: 1, first: 0, last: 0, rows: [] });
    expect(searchRows(rows, "trainee 11").map((r) => r.name)).toEqual([
      "Trainee 11",
      "Trainee 110",
      "Trainee 111",
      "Trainee 112",
      "Trainee 113",
      "Trainee 114",
      "Trainee 115",
      "Trainee 116",
      "Trainee 117",
      "Trainee 118",
      "Trainee 119",
    ]);
    expect(searchRows(rows, "T7@").map((r) => r.name)).toEqual(["Trainee 7"]);
    expect(parseScorecardQuery({ page: "2", q: "  ann " })).toMatchObject({ page: 2, search: "ann" });
    expect(parseScorecardQuery({ page: "-1" }).page).toBe(1);
  });

  it("reads the needs-attention filter", () => {
    expect(parseScorecardQuery({ attention: "1" }).attention).toBe(true);
    expect(parseScorecardQuery({ attention: "yes" }).attention).toBe(false);
    expect(parseScorecardQuery({}).attention).toBe(false);
  });

  it("writes a filter change into the URL: empty fields dropped, sort kept, back to page 1", () => {
    expect(filteredQuery("sort=latest&dir=desc&page=3&q=old", { q: " ali ", scenario: "billing-error", from: "", to: "2026-11-07" })).toBe(
      "?sort=latest&dir=desc&q=ali&scenario=billing-error&to=2026-11-07",
    );
    expect(filteredQuery("q=ali&page=2", { q: "" })).toBe("");
    expect(filteredQuery("attention=1", { q: "a&b" })).toBe("?attention=1&q=a%26b");
  });
});
