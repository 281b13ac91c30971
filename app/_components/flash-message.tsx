"use client";

import { useEffect, useRef, type ReactNode } from "react";

/**
 * A confirmation shown after a redirect ("3 assignments created"). It is already on the page
 * when the page loads, so a live region would not be read: focus moves to it instead.
 */
export function FlashMessage({ children, tone = "success" }: { children: ReactNode; tone?: "success" | "neutral" }) {
  const ref = useRef<HTMLParagraphElement>(null);
  useEffect(() => ref.current?.focus(), []);
  const style = tone === "success" ? "border-emerald-300 bg-emerald-50 text-emerald-900" : "border-slate-300 bg-slate-50 text-slate-900";
  return (
    <p ref={ref} tabIndex={-1} role="status" className={`mb-6 rounded-md border p-3 ${style}`}>
      {children}
    </p>
  );
}
