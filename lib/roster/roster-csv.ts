import { parse } from "csv-parse/sync";
import { parseRoleList, type Role } from "../auth/roles";

/**
 * The roster CSV (docs/admins.md): a header line naming the columns `email`, `name`, `roles` and
 * `team` (any order; only `email` is required), then one person a line. `roles` holds one or more
 * of trainee, trainer, manager, admin, separated by spaces, `;` or `|`. Pure: what the lines say,
 * with each problem at its line; lib/data/roster decides what to do with them.
 */
export const ROSTER_MAX_BYTES = 512 * 1024;
export const ROSTER_MAX_ROWS = 1000;
const COLUMNS = ["email", "name", "roles", "team"] as const;
type Column = (typeof COLUMNS)[number];

const EMAIL_MAX = 254;
const NAME_MAX = 100;
const TEAM_MAX = 100;
// The WHATWG form of a valid email address (what <input type=email> accepts).
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;
const CONTROL = /[\u0000-\u001f\u007f]/;

export interface RosterLine {
  /** 1-based line in the file where the person's record starts. */
  line: number;
  email: string;
  name: string;
  /** The roles the line gives; null when the cell (or the column) is empty. */
  roles: Role[] | null;
  /** The team's name; null when the cell is empty; undefined when the file has no team column. */
  team: string | null | undefined;
}

export interface RosterProblem {
  line: number;
  message: string;
}

export interface ParsedRoster {
  lines: RosterLine[];
  problems: RosterProblem[];
  hasTeamColumn: boolean;
}

type Parsed = { record: string[]; info: { lines: number } };

const failed = (line: number, message: string): ParsedRoster => ({ lines: [], problems: [{ line, message }], hasTeamColumn: false });

export function parseRoster(text: string): ParsedRoster {
  if (new TextEncoder().encode(text).byteLength > ROSTER_MAX_BYTES) {
    return failed(1, `the file is larger than ${ROSTER_MAX_BYTES / 1024} KB: split it into parts`);
  }
  let records: Parsed[];
  try {
    records = parse(text, {
      bom: true,
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      max_record_size: 4096,
    }) as unknown as Parsed[];
  } catch (err) {
    const e = err as { message?: string; lines?: number };
    return failed(e.lines ?? 1, `not valid CSV (${e.message ?? "unreadable"}): check the quotes on this line`);
  }
  if (records.length === 0) return failed(1, "the file is empty: start with the header line email,name,roles,team");

  const starts = records.map((r) => r.info.lines - lineBreaksIn(r.record));
  const header = records[0]!.record.map((h) => h.trim().toLowerCase());
  const problems: RosterProblem[] = [];
  const index = new Map<Column, number>();
  for (const [i, name] of header.entries()) {
    if (!(COLUMNS as readonly string[]).includes(name)) {
      problems.push({ line: starts[0]!, message: `unknown column "${name}": the columns are ${COLUMNS.join(", ")}` });
    } else if (index.has(name as Column)) {
      problems.push({ line: starts[0]!, message: `the column ${name} appears twice` });
    } else {
      index.set(name as Column, i);
    }
  }
  if (!index.has("email")) problems.push({ line: starts[0]!, message: "the header line needs an email column (email,name,roles,team)" });
  if (problems.length) return { lines: [], problems, hasTeamColumn: false };
  const people = records.length - 1;
  if (people === 0) return failed(starts[0]! + 1, "no people: add one line per person under the header");
  if (people > ROSTER_MAX_ROWS) return failed(1, `${people} people: at most ${ROSTER_MAX_ROWS} a file, split it into parts`);

  const lines: RosterLine[] = [];
  const seen = new Map<string, number>();
  for (const [i, { record }] of records.entries()) {
    if (i === 0) continue;
    const line = starts[i]!;
    if (record.length > header.length) {
      problems.push({ line, message: `${record.length} cells for ${header.length} columns: quote a cell that holds a comma` });
      continue;
    }
    const cell = (column: Column) => (index.has(column) ? (record[index.get(column)!] ?? "").trim() : "");
    const email = cell("email").toLowerCase();
    const name = cell("name");
    const team = index.has("team") ? cell("team") || null : undefined;
    const { roles, unknown } = parseRoleList(cell("roles"));
    const wrong: string[] = [];
    if (!email) wrong.push("the email is missing");
    else if (email.length > EMAIL_MAX) wrong.push(`the email is longer than ${EMAIL_MAX} characters`);
    else if (!EMAIL.test(email)) wrong.push(`"${email}" is not an email address`);
    if (name.length > NAME_MAX) wrong.push(`the name is longer than ${NAME_MAX} characters`);
    if (CONTROL.test(name)) wrong.push("the name holds control characters");
    if (team && team.length > TEAM_MAX) wrong.push(`the team name is longer than ${TEAM_MAX} characters`);
    if (team && CONTROL.test(team)) wrong.push("the team name holds control characters");
    if (unknown.length)
      wrong.push(
        `unknown role${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")}: use trainee, trainer, manager or admin`,
      );
    if (email && seen.has(email)) wrong.push(`${email} is also on line ${seen.get(email)}`);
    if (email && !seen.has(email)) seen.set(email, line);
    if (wrong.length) {
      problems.push({ line, message: wrong.join("; ") });
      continue;
    }
    lines.push({ line, email, name, roles: roles.length ? roles : null, team });
  }
  return { lines, problems, hasTeamColumn: index.has("team") };
}

function lineBreaksIn(record: string[]): number {
  let n = 0;
  for (const cell of record) for (const ch of cell) if (ch === "\n") n++;
  return n;
}
