import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { previewBlocks } from "./preview-blocks";

describe("the editor's preview, in blocks of lines", () => {
  it("covers the text exactly: each block's text is at its offset, numbered from its first line", () => {
    const line = fc.string({ unit: fc.constantFrom("a", " ", ":", "-", "é", "\t"), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 300 }), fc.integer({ min: 1, max: 60 }), (lines, size) => {
        const text = lines.join("\n");
        const blocks = previewBlocks(text, size);
        expect(blocks.map((b) => b.text).join("\n")).toBe(text);
        expect(blocks.reduce((n, b) => n + b.lines, 0)).toBe(lines.length);
        let firstLine = 1;
        for (const block of blocks) {
          expect(block.firstLine).toBe(firstLine);
          expect(block.lines).toBeLessThanOrEqual(size);
          expect(text.slice(block.offset, block.offset + block.text.length)).toBe(block.text);
          expect(block.text.split("\n")).toEqual(lines.slice(firstLine - 1, firstLine - 1 + block.lines));
          firstLine += block.lines;
        }
      }),
    );
  });

  it("splits a 120-line text into blocks of 50, 50 and 20 lines", () => {
    const text = Array.from({ length: 120 }, (_, i) => `line ${i + 1}`).join("\n");
    const blocks = previewBlocks(text, 50);
    expect(blocks.map((b) => [b.firstLine, b.lines])).toEqual([
      [1, 50],
      [51, 50],
      [101, 20],
    ]);
    expect(text.slice(blocks[2]!.offset).startsWith("line 101\n")).toBe(true);
  });
});
