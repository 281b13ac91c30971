import { describe, expect, it } from "vitest";

describe("instrumentation-client.ts", () => {
  it("turns zod's eval probe off through the global zod reads, set before zod loads", async () => {
    const store = globalThis as Record<string, unknown>;
    delete store.__zod_globalConfig;
    const { ZOD_GLOBAL_CONFIG } = await import("../../instrumentation-client");
    const { config, z } = await import("zod");
    expect(store[ZOD_GLOBAL_CONFIG]).toBe(config());
    expect(config().jitless).toBe(true);
    // Parsing still works (without a compiled parser).
    expect(z.object({ id: z.string() }).parse({ id: "x" })).toEqual({ id: "x" });
  });
});
