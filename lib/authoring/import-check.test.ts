import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { clearLocalDraft, findLocalDraft, readLocalDraft, writeLocalDraft } from "./local-draft";
import { checkImportedFile, MAX_IMPORT_BYTES, refuseBeforeReading, textProblem } from "./import-check";

/** A valid 1×1 PNG (signature, IHDR, IDAT, IEND, with their CRCs). */
const PNG_1X1 = Buffer.from(
  "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489" +
    "0000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082",
  "hex",
);

const yaml = readFileSync("scenarios/billing-error.yaml");

function memoryStore() {
  const map = new Map<string, string>();
  return {
    getItem: (k: string) => map.get(k) ?? null,
    setItem: (k: string, v: string) => void map.set(k, v),
    removeItem: (k: string) => void map.delete(k),
    key: (i: number) => [...map.keys()][i] ?? null,
    get length() {
      return map.size;
    },
  };
}

describe("checkImportedFile", () => {
  it("accepts a scenario file, with or without a type, and keeps its text exactly", () => {
    for (const type of ["text/yaml", "application/yaml", "", "application/octet-stream", "text/plain"]) {
      expect(checkImportedFile({ name: "billing-error.yaml", type, bytes: yaml })).toEqual({ ok: true, text: yaml.toString("utf8") });
    }
    const accents = Buffer.from("title: Café — “quoted”\n\tnote: tab\r\n", "utf8");
    expect(checkImportedFile({ name: "a.yml", type: "", bytes: accents })).toEqual({ ok: true, text: accents.toString("utf8") });
  });

  it("refuses a PNG, by its type and by its bytes, saying what is wrong", () => {
    const asImage = checkImportedFile({ name: "photo.png", type: "image/png", bytes: PNG_1X1 });
    expect(asImage).toEqual({
      ok: false,
      message: "photo.png was not imported: its type is image/png, not text. Choose a .yaml scenario file.",
    });
    // Renamed to .yaml with no type: the bytes still give it away.
    const renamed = checkImportedFile({ name: "photo.yaml", type: "", bytes: PNG_1X1 });
    expect(renamed.ok).toBe(false);
    expect(!renamed.ok && renamed.message).toMatch(/^photo\.yaml was not imported: it is not UTF-8 text\./);
  });

  it("refuses text with NUL or other control characters, bad UTF-8, an empty file and one over 1 MB", () => {
    const message = (bytes: Uint8Array) => {
      const r = checkImportedFile({ name: "f.yaml", type: "text/yaml", bytes });
      return r.ok ? null : r.message;
    };
    expect(message(Buffer.from("id: x\u0000\n"))).toMatch(/binary data/);
    expect(message(Buffer.from("id: x\u0007\n"))).toMatch(/binary data/);
    expect(message(Buffer.from([0x69, 0x64, 0x3a, 0x20, 0xc3, 0x28]))).toMatch(/not UTF-8 text/);
    expect(message(new Uint8Array())).toMatch(/empty/);
    expect(message(Buffer.alloc(MAX_IMPORT_BYTES + 1, 0x61))).toMatch(/larger than 1 MB/);
    expect(message(Buffer.alloc(MAX_IMPORT_BYTES, 0x61))).toBeNull();
    // The size and type are checked before the file is read at all.
    expect(refuseBeforeReading({ name: "big.yaml", type: "", size: 50 * MAX_IMPORT_BYTES })).toMatch(
      /^big\.yaml was not imported: it is larger than 1 MB/,
    );
    expect(refuseBeforeReading({ name: "s.yaml", type: "text/yaml", size: 10 })).toBeNull();
  });
});

describe("drafts that are not text", () => {
  it("textProblem finds the junk a PNG read as text leaves (what the old import kept as a draft)", () => {
    const junk = new TextDecoder().decode(PNG_1X1);
    expect(textProblem(junk)).not.toBeNull();
    expect(textProblem(yaml.toString("utf8"))).toBeNull();
  });

  it("are never restored, and are removed, so they cannot come back in a new scenario's editor", () => {
    const store = memoryStore();
    const key = "steady:scenario-draft:(new):v0";
    writeLocalDraft(key, new TextDecoder().decode(PNG_1X1), store);
    expect(readLocalDraft(key, store)).toBeNull();
    expect(findLocalDraft(null, 0, store)).toBeNull();
    expect(store.length).toBe(0);
    writeLocalDraft(key, "id: fine\n", store);
    expect(findLocalDraft(null, 0, store)?.draft.text).toBe("id: fine\n");
    clearLocalDraft(key, store);
  });
});
