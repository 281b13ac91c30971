"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { errorMessage, postJson } from "./api";

/** "Duplicate to edit": copies a scenario's latest version to a new authored scenario and opens it. */
export function DuplicateButton({ scenarioId, title, className }: { scenarioId: string; title: string; className?: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-col items-end gap-1">
      <button
        type="button"
        disabled={busy}
        className={
          className ??
          "rounded border border-slate-300 px-2.5 py-1 text-sm font-medium text-slate-800 hover:bg-slate-100 disabled:text-slate-500"
        }
        onClick={async () => {
          setBusy(true);
          setError(null);
          const response = await postJson("/api/trainer/scenarios", "POST", { duplicateOf: scenarioId });
          if (response.ok) router.push(`/trainer/scenarios/${(response.body as { scenarioId: string }).scenarioId}`);
          else {
            setError(errorMessage(response));
            setBusy(false);
          }
        }}
      >
        {busy ? "Duplicating…" : "Duplicate to edit"}
        <span className="sr-only">: {title}</span>
      </button>
      {error ? (
        <span role="alert" className="text-xs text-rose-800">
          {error}
        </span>
      ) : null}
    </span>
  );
}
