"use client";

import { useRef, useState } from "react";
import { buttonStyles } from "@/app/_components/styles";

/** A link shown once, to copy: a read-only field (select it by hand too) and a Copy button. */
export function CopyLink({ link, label }: { link: string; label: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="flex flex-wrap items-center gap-2">
      <label className="sr-only" htmlFor={`link-${link.slice(-12)}`}>
        {label}
      </label>
      <input
        ref={field}
        id={`link-${link.slice(-12)}`}
        readOnly
        value={link}
        onFocus={(e) => e.currentTarget.select()}
        className="min-w-0 flex-1 rounded-md border border-slate-300 bg-slate-50 px-2 py-1 font-mono text-xs text-slate-900"
      />
      <button
        type="button"
        className={buttonStyles.small}
        onClick={async () => {
          field.current?.select();
          try {
            await navigator.clipboard.writeText(link);
            setCopied(true);
          } catch {
            // No clipboard access (an http page, a locked-down browser): the text is selected to copy by hand.
            setCopied(false);
          }
        }}
      >
        Copy link<span className="sr-only">: {label}</span>
      </button>
      <span role="status" className="text-sm text-emerald-800">
        {copied ? "Copied." : ""}
      </span>
    </div>
  );
}
