import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

/**
 * The layer rules in eslint.config.mjs, tried on code that breaks them: each must be reported
 * (and the same import from an allowed place must not be).
 */
const eslint = new ESLint({ cwd: process.cwd() });

async function problems(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result!.messages.map((m) => `${m.ruleId}: ${m.message}`);
}

describe("layer boundaries (npm run lint)", () => {
  it("the domain core imports nothing outside itself", async () => {
    expect(await problems("lib/scoring/probe.ts", 'import { db } from "../db/client.server";\nexport const x = db;\n')).toEqual([
      expect.stringMatching(/no-restricted-imports: .*domain core/),
    ]);
    expect(await problems("lib/analysis/probe.ts", 'import { readFileSync } from "node:fs";\nexport const x = readFileSync;\n')).toEqual([
      expect.stringMatching(/domain core/),
    ]);
    expect(await problems("lib/analysis/probe.ts", 'import { scoreRun } from "../scoring/report";\nexport const x = scoreRun;\n')).toEqual(
      [],
    );
  });

  it("inside the core, the scorer never imports the analysis (no loop)", async () => {
    expect(
      await problems("lib/scoring/probe.ts", 'import { searcherFor } from "../analysis/search";\nexport const x = searcherFor;\n'),
    ).toEqual([expect.stringMatching(/analysis builds on the scorer/)]);
  });

  it("lib/db never imports the data layer or seeding", async () => {
    expect(
      await problems("lib/db/probe.ts", 'import { submitTurn } from "../data/runs/submit-turn.server";\nexport const x = submitTurn;\n'),
    ).toEqual([expect.stringMatching(/lib\/db is infrastructure/)]);
  });

  it("production code never imports test helpers; tests may", async () => {
    const code = 'import { freshDatabase } from "../testing/db";\nexport const x = freshDatabase;\n';
    expect(await problems("lib/data/probe.ts", code)).toEqual([expect.stringMatching(/test helpers/)]);
    expect(await problems("lib/data/probe.test.ts", code)).toEqual([]);
  });

  it("a client component never imports a server module", async () => {
    const code = '"use client";\nimport { db } from "@/lib/db/client.server";\nexport const x = db;\n';
    expect(await problems("app/_components/probe.tsx", code)).toEqual([expect.stringMatching(/no-server-in-client/)]);
    expect(await problems("app/_components/probe.tsx", code.replace('"use client";\n', ""))).toEqual([]);
  });

  it('a .server module starts with import "server-only"', async () => {
    expect(await problems("lib/data/probe.server.ts", "export const x = 1;\n")).toEqual([expect.stringMatching(/server-only-first/)]);
    expect(await problems("lib/data/probe.server.ts", 'import "server-only";\nexport const x = 1;\n')).toEqual([]);
  });
});
