import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TrendChart, trendTicks, trendX, trendY } from "./trend-chart";

const series = [
  { key: "a", label: "LAER flow", color: "red" },
  { key: "b", label: "Promises", color: "blue", dash: "6 4" },
];

function render(data: Record<string, string | number>[]) {
  return renderToStaticMarkup(createElement(TrendChart, { data, xKey: "label", series }));
}

describe("TrendChart", () => {
  it("places points from left to right and 0–100 from bottom to top, clamping what is out of range", () => {
    expect([0, 1, 2].map((i) => trendX(i, 3))).toEqual([0, 50, 100]);
    expect(trendX(0, 1)).toBe(50);
    expect([0, 25, 100, -10, 140].map(trendY)).toEqual([100, 75, 0, 100, 0]);
  });

  it("labels every call when there are few, else the first, the middle and the last", () => {
    expect(trendTicks(0)).toEqual([]);
    expect(trendTicks(2)).toEqual([0, 1]);
    expect(trendTicks(3)).toEqual([0, 1, 2]);
    expect(trendTicks(10)).toEqual([0, 4, 9]);
  });

  it("draws one line per series through each call's score, a named dot per score, and a legend", () => {
    const html = render([
      { label: "#1 3 Nov", a: 40, b: 80 },
      { label: "#2 9 Nov", a: 60, b: 70 },
      { label: "#3 20 Nov", a: 90, b: 75 },
    ]);
    expect(html).toContain('points="0,60 50,40 100,10"');
    expect(html).toContain('points="0,20 50,30 100,25"');
    expect(html).toContain('stroke-dasharray="6 4"');
    expect(html.match(/rounded-full/g)).toHaveLength(6);
    expect(html).toContain('title="#2 9 Nov: Promises 70"');
    for (const label of ["#1 3 Nov", "#2 9 Nov", "#3 20 Nov", "LAER flow", "Promises"]) expect(html).toContain(label);
    // Hidden from assistive technology: the page gives the numbers as a table.
    expect(html).toMatch(/^<div aria-hidden="true"/);
  });

  it("labels only three calls of many, and draws a single call as a dot in the middle", () => {
    const many = render(Array.from({ length: 9 }, (_, i) => ({ label: `call ${i}`, a: i * 10, b: 50 })));
    expect(["call 0", "call 4", "call 8"].every((l) => many.includes(`>${l}</span>`))).toBe(true);
    expect(many).not.toContain(">call 3</span>");
    const one = render([{ label: "only", a: 50, b: 50 }]);
    expect(one).toContain('points="50,50"');
    expect(one).toContain("left:50%");
  });
});
