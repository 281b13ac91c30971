import { describe, expect, it } from "vitest";
import { parseRoster, ROSTER_MAX_ROWS } from "./roster-csv";

describe("parseRoster", () => {
  it("reads people by the header's columns, in any order, with quoted cells, a BOM and CRLF", () => {
    const text =
      '\ufeffTeam,Email,Name,Roles\r\nRiverside,SAM@Example.com,"Okoye, Sam",trainee\r\n\r\n,lee@example.com,Lee,"trainer;manager"\r\nNorth,ana@example.com,,\r\n';
    expect(parseRoster(text)).toEqual({
      lines: [
        { line: 2, email: "sam@example.com", name: "Okoye, Sam", roles: ["trainee"], team: "Riverside" },
        { line: 4, email: "lee@example.com", name: "Lee", roles: ["trainer", "manager"], team: null },
        { line: 5, email: "ana@example.com", name: "", roles: null, team: "North" },
      ],
      problems: [],
      hasTeamColumn: true,
    });
  });

  it("puts each problem at its line (a quoted cell over two lines counts from where it starts)", () => {
    const text = [
      "email,name,roles",
      "good@example.com,Good,trainee",
      "not-an-email,Bad,trainee",
      'multi@example.com,"Two',
      'lines",owner',
      "good@example.com,Again,trainer",
      ",No email,trainee",
      "extra@example.com,A,trainee,surplus",
    ].join("\n");
    const { lines, problems, hasTeamColumn } = parseRoster(text);
    expect(lines.map((l) => l.line)).toEqual([2]);
    expect(hasTeamColumn).toBe(false);
    expect(problems).toEqual([
      { line: 3, message: '"not-an-email" is not an email address' },
      // A line break inside a name is refused too (names are one line).
      { line: 4, message: 'the name holds control characters; unknown role "owner": use trainee, trainer, manager or admin' },
      { line: 6, message: "good@example.com is also on line 2" },
      { line: 7, message: "the email is missing" },
      { line: 8, message: "4 cells for 3 columns: quote a cell that holds a comma" },
    ]);
  });

  it("refuses a header without email, unknown or repeated columns, an empty file, no people, and broken quotes", () => {
    expect(parseRoster("name,roles\nA,trainee").problems).toEqual([
      { line: 1, message: "the header line needs an email column (email,name,roles,team)" },
    ]);
    expect(parseRoster("email,phone,email\na@x.test,1,b").problems.map((p) => p.message)).toEqual([
      'unknown column "phone": the columns are email, name, roles, team',
      "the column email appears twice",
    ]);
    expect(parseRoster("").problems[0]!.message).toMatch(/empty/);
    expect(parseRoster("email,name\n").problems).toEqual([{ line: 2, message: "no people: add one line per person under the header" }]);
    const broken = parseRoster('email,name\na@x.test,Ann\nb@x.test,"Bo');
    expect(broken.lines).toEqual([]);
    expect(broken.problems[0]).toMatchObject({ line: 3, message: expect.stringMatching(/not valid CSV/) });
  });

  it("limits sizes: names, team names, emails, rows and the file", () => {
    const long = parseRoster(`email,name,team\n${"a".repeat(250)}@x.test,${"n".repeat(101)},${"t".repeat(101)}\n`);
    expect(long.problems[0]!.message).toBe(
      "the email is longer than 254 characters; the name is longer than 100 characters; the team name is longer than 100 characters",
    );
    const many = ["email", ...Array.from({ length: ROSTER_MAX_ROWS + 1 }, (_, i) => `p${i}@x.test`)].join("\n");
    expect(parseRoster(many).problems[0]!.message).toMatch(/at most 1000 a file/);
    expect(parseRoster("email\n" + "x".repeat(600 * 1024)).problems[0]!.message).toMatch(/larger than 512 KB/);
  });
});
