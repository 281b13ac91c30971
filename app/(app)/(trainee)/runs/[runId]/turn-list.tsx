"use client";

import { useEffect, useState, type ReactNode } from "react";
import { linkStyle } from "@/app/_components/styles";

export interface TurnListItem {
  /** 1-based turn number; the item's element has the id `turn-<n>`. */
  n: number;
  /** Shown before "Show all turns": the turn gained or lost points, has a comment, or a coaching point links to it. */
  key: boolean;
  node: ReactNode;
}

/**
 * The debrief's turns: by default only the ones that matter, with a control to show them all.
 * The others are in the page from the start (hidden), so nothing shifts when the script loads,
 * and a link to a hidden turn (`#turn-4`) opens the full list and scrolls to it.
 */
export function TurnList({ items }: { items: TurnListItem[] }) {
  const [all, setAll] = useState(false);
  const hiddenCount = items.filter((i) => !i.key).length;

  useEffect(() => {
    const reveal = () => {
      const m = /^#turn-(\d+)$/.exec(window.location.hash);
      if (!m) return;
      const item = items.find((i) => i.n === Number(m[1]));
      if (item && !item.key) {
        setAll(true);
        requestAnimationFrame(() => document.getElementById(`turn-${item.n}`)?.scrollIntoView({ block: "start" }));
      }
    };
    reveal();
    window.addEventListener("hashchange", reveal);
    return () => window.removeEventListener("hashchange", reveal);
  }, [items]);

  return (
    <>
      <ol id="turn-list" className="space-y-2">
        {items.map((item) => (
          <li key={item.n} hidden={!all && !item.key}>
            {item.node}
          </li>
        ))}
      </ol>
      {hiddenCount > 0 ? (
        <p className="mt-4">
          <button type="button" aria-controls="turn-list" aria-expanded={all} onClick={() => setAll((a) => !a)} className={linkStyle}>
            {all ? "Show only the turns that gained or lost points" : `Show all turns (${hiddenCount} more with no points either way)`}
          </button>
        </p>
      ) : null}
    </>
  );
}
