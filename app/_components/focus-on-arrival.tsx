"use client";

import { useEffect } from "react";

/**
 * Moves focus to the element with `targetId` when sessionStorage[`storageKey`] equals `value`
 * (set by the page that sent the user here), then forgets it. A soft refresh does not move
 * focus by itself; this puts keyboard and screen-reader users at the top of the new content.
 */
export function FocusOnArrival({ targetId, storageKey, value }: { targetId: string; storageKey: string; value: string }) {
  useEffect(() => {
    if (sessionStorage.getItem(storageKey) !== value) return;
    sessionStorage.removeItem(storageKey);
    const target = document.getElementById(targetId);
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
    target.scrollIntoView({ block: "start" });
  }, [targetId, storageKey, value]);
  return null;
}
