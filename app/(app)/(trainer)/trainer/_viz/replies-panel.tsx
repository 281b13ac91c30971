"use client";

import { useId, useMemo, useState } from "react";
import { describeSpan, replyPairs, type ReplyPair } from "@/lib/analysis/reach";
import type { Scenario } from "@/lib/scenario/model";
import { outcomeLabel, plural } from "@/lib/ui/format";
import { useWorkerTask } from "./use-worker-task";

type Replies = { pairs: ReplyPair[]; complete: boolean };

/** The pairs of one agent line: the line, then every reply the customer can give to it. */
interface Group {
  choice: ReplyPair["choice"];
  replies: ReplyPair[];
}

/**
 * The reply review: every "agent line → customer reply" pair some call can have, each once, with the
 * customer's mood when they reply (`npm run -s scenario -- replies` prints the same). A trainer reads
 * each reply against what was just said. Worked out in the analysis worker: it enumerates every call.
 */
export function RepliesPanel({ scenario }: { scenario: Scenario }) {
  const ids = useId();
  const [filter, setFilter] = useState("");
  const task = useWorkerTask<Scenario, Replies>(
    scenario,
    (id, s) => ({ id, kind: "replies", scenario: s }),
    (answer) => answer.replies as Replies,
    (s) => replyPairs(s),
  );
  const state = task ?? ({ kind: "working", last: null } as const);
  const shown = useMemo(
    () => (task?.kind === "done" ? { value: task.value, input: task.input } : task?.kind === "working" ? task.last : null),
    [task],
  );

  const groups = useMemo(() => {
    if (!shown) return [];
    const out: Group[] = [];
    for (const pair of shown.value.pairs) {
      const last = out[out.length - 1];
      if (last && last.choice?.id === pair.choice?.id) last.replies.push(pair);
      else out.push({ choice: pair.choice, replies: [pair] });
    }
    const words = filter.trim().toLowerCase();
    if (!words) return out;
    return out.filter(
      (g) =>
        [g.choice?.id, g.choice?.node, g.choice?.text].some((t) => t?.toLowerCase().includes(words)) ||
        g.replies.some((r) => r.reply.toLowerCase().includes(words) || r.node.toLowerCase().includes(words)),
    );
  }, [shown, filter]);

  const who = shown?.input.persona.name ?? scenario.persona.name;
  return (
    <section aria-labelledby={`${ids}-heading`} className="space-y-4" aria-busy={state.kind === "working"}>
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id={`${ids}-heading`} className="text-lg font-semibold text-slate-900">
          Replies
        </h2>
        <p className="text-sm text-slate-700" role="status" data-testid="replies-status">
          {state.kind === "working"
            ? "Listing every reply…"
            : state.kind === "done"
              ? `${plural(state.value.pairs.length, "pair")} of an agent line and the customer's reply, ${plural(new Set(state.value.pairs.map((p) => p.choice?.id ?? "")).size, "agent line")}${state.value.complete ? "" : " (too many moods to list them all: part of the calls only)"}.`
              : null}
        </p>
      </div>
      <p className="max-w-3xl text-sm text-slate-800">
        Each thing the agent can say, once, then every line the customer can say next, with the customer&apos;s mood when they say it (the
        mood that picks the line). Read each reply against what was just said.
      </p>
      {state.kind === "failed" ? (
        <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-4 text-rose-900">
          The reply review stopped with an error: {state.message}
        </p>
      ) : null}
      <label className="block max-w-md text-sm font-medium text-slate-900">
        Find a line or a node
        <input
          type="search"
          value={filter}
          onChange={(e) => setFilter(e.currentTarget.value)}
          className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-1.5 text-sm font-normal"
        />
      </label>
      <ol className={`space-y-3 ${state.kind === "working" ? "opacity-60" : ""}`} data-testid="reply-list">
        {groups.map((g) => (
          <li key={g.choice?.id ?? "(opening)"} className="rounded-lg border border-slate-200 bg-white p-4 shadow-sm">
            {g.choice ? (
              <p className="text-sm text-slate-900">
                <span className="font-mono text-xs text-slate-700">
                  {g.choice.node} › {g.choice.id}
                </span>
                <br />
                <span className="font-medium">You:</span> “{g.choice.text}”
              </p>
            ) : (
              <p className="text-sm font-medium text-slate-900">The call opens</p>
            )}
            <ul className="mt-2 space-y-1 border-l-2 border-slate-200 pl-3">
              {g.replies.map((r) => (
                <li key={`${r.node}:${r.line}`} className="text-sm text-slate-800">
                  <span className="font-medium">{who}:</span> “{r.reply}”{" "}
                  <span className="text-xs text-slate-700">
                    ({r.node}
                    {scenario.nodes[r.node] && scenario.nodes[r.node]!.lines.length > 1 ? `, line ${r.line + 1}` : ""}
                    {r.ending ? `, ends: ${outcomeLabel(r.ending)}` : ""}; {describeSpan(r.span, scenario.flags)})
                  </span>
                </li>
              ))}
            </ul>
          </li>
        ))}
      </ol>
      {shown && groups.length === 0 ? <p className="text-sm text-slate-800">No agent line or reply matches.</p> : null}
    </section>
  );
}
