"use client";

import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { MAX_CHOICES, type EditResult, type ScenarioEdit, type ScenarioField } from "@/lib/authoring/edit-yaml";
import type { EditableChoice, EditableNode, EditableScenario } from "@/lib/authoring/editable";
import type { Problem } from "@/lib/scenario/load";
import { ENDING_KINDS, type EndingKind } from "@/lib/scenario/schema";
import { TAG_NAMES, TAGS } from "@/lib/scenario/tags";
import { outcomeLabel } from "@/lib/ui/format";
import { buttonStyles, linkStyle } from "@/app/_components/styles";

/**
 * The graph's side panel: the selected node (its lines, ending, choices and where each leads),
 * the scenario's own fields, and a form for a new node. Every change is an `applyEdit` on the
 * editor's text (one undo step); text fields write when they lose focus or on Enter, and Escape
 * puts the text back. Read from the text with `readEditable`, so it shows drafts the loader rejects.
 */

export type PanelView = { kind: "scenario" } | { kind: "node"; nodeId: string } | { kind: "add-node" };

interface Props {
  scenario: EditableScenario;
  problems: readonly Problem[];
  view: PanelView;
  onView(view: PanelView): void;
  apply(edit: ScenarioEdit): EditResult;
  showInYaml(nodeId: string): void;
  headingRef: RefObject<HTMLHeadingElement | null>;
}

const input =
  "mt-1 block w-full rounded-md border border-slate-400 bg-white px-2.5 py-1.5 text-sm text-slate-900 focus:border-brand-600 focus:outline-2 focus:outline-brand-600";
const label = "block text-sm font-medium text-slate-900";
const smallButton = buttonStyles.small;
const linkButton = `${linkStyle} text-sm`;

export function GraphEditPanel({ scenario, problems, view, onView, apply, showInYaml, headingRef }: Props) {
  const ids = useId();
  const [error, setError] = useState<string | null>(null);
  // A message belongs to the view it was made in.
  const viewKey = view.kind === "node" ? `node:${view.nodeId}` : view.kind;
  useEffect(() => setError(null), [viewKey]);

  const run = (edit: ScenarioEdit): boolean => {
    const result = apply(edit);
    if (!result.ok) {
      setError(result.message);
      return false;
    }
    setError(null);
    if (edit.kind === "add-node" && result.select) onView({ kind: "node", nodeId: result.select.nodeId });
    return true;
  };

  const node = view.kind === "node" ? scenario.nodes.find((n) => n.id === view.nodeId) : undefined;
  return (
    <div className="space-y-4 p-4" data-testid="graph-edit-panel">
      {error ? (
        <p role="alert" className="rounded-md bg-rose-50 p-3 text-sm text-rose-900 ring-1 ring-rose-200" data-testid="edit-refused">
          {error}
        </p>
      ) : null}
      {view.kind === "add-node" ? (
        <AddNodeForm headingRef={headingRef} run={run} onCancel={() => onView({ kind: "scenario" })} />
      ) : node ? (
        <NodeEditor
          key={node.id}
          ids={ids}
          node={node}
          scenario={scenario}
          problems={problems}
          run={run}
          headingRef={headingRef}
          onBack={() => onView({ kind: "scenario" })}
          showInYaml={() => showInYaml(node.id)}
        />
      ) : (
        <ScenarioEditor scenario={scenario} run={run} headingRef={headingRef} onAddNode={() => onView({ kind: "add-node" })} />
      )}
    </div>
  );
}

// ------------------------------------------------------------------------------------ fields

/**
 * A text field that writes on blur or Enter (Ctrl+Enter in a text area), and shows what was
 * typed until the text it wrote comes back; Escape puts the written text back.
 */
function TextField({
  label: name,
  value,
  onCommit,
  multiline = false,
  type = "text",
  hint,
  testId,
}: {
  label: string;
  value: string;
  onCommit(value: string): boolean;
  multiline?: boolean;
  type?: "text" | "number";
  hint?: ReactNode;
  testId?: string;
}) {
  const id = useId();
  // What the trainer typed, and the value it was typed over (shown until the text changes).
  const [draft, setDraft] = useState<{ text: string; over: string } | null>(null);
  const shown = draft && draft.over === value ? draft.text : value;
  const commit = () => {
    if (!draft || draft.over !== value) return;
    if (draft.text === value) {
      setDraft(null);
      return;
    }
    onCommit(draft.text);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    if (event.key === "Escape" && draft) {
      event.preventDefault();
      event.stopPropagation();
      setDraft(null);
    } else if (event.key === "Enter" && (!multiline || event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      commit();
    }
  };
  const common = {
    id,
    value: shown,
    onChange: (e: { currentTarget: { value: string } }) => setDraft({ text: e.currentTarget.value, over: value }),
    onBlur: commit,
    onKeyDown,
    className: input,
    "aria-describedby": hint ? `${id}-hint` : undefined,
    "data-testid": testId,
  };
  return (
    <div>
      <label htmlFor={id} className={label}>
        {name}
      </label>
      {multiline ? <textarea {...common} rows={3} /> : <input {...common} type={type} />}
      {hint ? (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-700">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

function NumberField({
  label: name,
  value,
  onCommit,
  min,
  max,
}: {
  label: string;
  value: number | null;
  onCommit(value: number | null): boolean;
  min: number;
  max: number;
}) {
  return (
    <TextField
      label={name}
      type="number"
      value={value === null ? "" : String(value)}
      hint={`A whole number from ${min} to ${max}.`}
      onCommit={(text) => onCommit(text.trim() === "" ? null : Number(text))}
    />
  );
}

// ------------------------------------------------------------------------------------ scenario

const SCENARIO_FIELDS: { field: ScenarioField; label: string; multiline?: boolean; key: keyof EditableScenario }[] = [
  { field: "title", label: "Title", key: "title" },
  { field: "brief", label: "Brief (what the trainee reads before the call)", multiline: true, key: "brief" },
  { field: "persona.name", label: "Customer's name", key: "personaName" },
  { field: "persona.description", label: "Who the customer is", multiline: true, key: "personaDescription" },
];

function ScenarioEditor({
  scenario,
  run,
  headingRef,
  onAddNode,
}: {
  scenario: EditableScenario;
  run(edit: ScenarioEdit): boolean;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onAddNode(): void;
}) {
  const [newFact, setNewFact] = useState("");
  const set = (field: ScenarioField) => (value: string | number | null) =>
    run({ kind: "set-scenario-field", field, value: value === null ? "" : value });
  return (
    <section aria-labelledby="scenario-details-heading" className="space-y-4">
      <h3 id="scenario-details-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900">
        Scenario details
      </h3>
      <p className="text-sm text-slate-700">
        Select a node in the graph (click it, or Tab to it and press Enter) to edit what is said there, or{" "}
        <button type="button" className={linkButton} onClick={onAddNode}>
          add a node
        </button>
        .
      </p>
      {SCENARIO_FIELDS.map((f) => (
        <TextField key={f.field} label={f.label} value={String(scenario[f.key] ?? "")} multiline={f.multiline} onCommit={set(f.field)} />
      ))}
      <div>
        <label htmlFor="scenario-difficulty" className={label}>
          Difficulty
        </label>
        <select
          id="scenario-difficulty"
          className={input}
          value={scenario.difficulty}
          onChange={(e) => set("difficulty")(e.currentTarget.value)}
        >
          {!["easy", "medium", "hard"].includes(scenario.difficulty) ? (
            <option value={scenario.difficulty}>{scenario.difficulty || "—"}</option>
          ) : null}
          <option value="easy">Easy</option>
          <option value="medium">Medium</option>
          <option value="hard">Hard</option>
        </select>
      </div>
      <div className="grid grid-cols-2 gap-3">
        <NumberField label="Starting anger" value={scenario.anger} min={0} max={100} onCommit={set("mood.anger")} />
        <NumberField label="Starting trust" value={scenario.trust} min={0} max={100} onCommit={set("mood.trust")} />
      </div>
      <div>
        <label htmlFor="scenario-start" className={label}>
          The call starts at
        </label>
        <select id="scenario-start" className={input} value={scenario.start} onChange={(e) => set("start")(e.currentTarget.value)}>
          {!scenario.nodes.some((n) => n.id === scenario.start) ? (
            <option value={scenario.start}>{scenario.start || "—"} (no such node)</option>
          ) : null}
          {scenario.nodes.map((n) => (
            <option key={n.id} value={n.id}>
              {nodeOptionLabel(n)}
            </option>
          ))}
        </select>
      </div>
      <fieldset className="space-y-3">
        <legend className={label}>Key facts (what a good summary of the problem covers)</legend>
        {scenario.facts.map((fact) => (
          <TextField
            key={fact.id}
            label={`Fact ${fact.id}`}
            value={fact.text}
            onCommit={(text) => run({ kind: "set-fact", factId: fact.id, text })}
          />
        ))}
        <form
          className="flex items-end gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            if (run({ kind: "add-fact", text: newFact })) setNewFact("");
          }}
        >
          <div className="flex-1">
            <label htmlFor="scenario-new-fact" className={label}>
              New key fact
            </label>
            <input id="scenario-new-fact" className={input} value={newFact} onChange={(e) => setNewFact(e.currentTarget.value)} />
          </div>
          <button type="submit" className={smallButton}>
            Add fact
          </button>
        </form>
      </fieldset>
    </section>
  );
}

// ------------------------------------------------------------------------------------ new node

function AddNodeForm({
  headingRef,
  run,
  onCancel,
}: {
  headingRef: RefObject<HTMLHeadingElement | null>;
  run(edit: ScenarioEdit): boolean;
  onCancel(): void;
}) {
  const [customer, setCustomer] = useState("");
  const [ending, setEnding] = useState<EndingKind | "">("");
  return (
    <form
      aria-labelledby="add-node-heading"
      className="space-y-4"
      onSubmit={(e) => {
        e.preventDefault();
        run({ kind: "add-node", customer, ...(ending ? { ending: { kind: ending } } : {}) });
      }}
    >
      <h3 id="add-node-heading" ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900">
        New node
      </h3>
      <div>
        <label htmlFor="new-node-customer" className={label}>
          What the customer says
        </label>
        <textarea id="new-node-customer" rows={3} className={input} value={customer} onChange={(e) => setCustomer(e.currentTarget.value)} />
      </div>
      <div>
        <label htmlFor="new-node-ending" className={label}>
          After this line
        </label>
        <select id="new-node-ending" className={input} value={ending} onChange={(e) => setEnding(e.currentTarget.value as EndingKind | "")}>
          <option value="">The agent answers (add choices next)</option>
          {ENDING_KINDS.map((k) => (
            <option key={k} value={k}>
              The call ends: {outcomeLabel(k)}
            </option>
          ))}
        </select>
      </div>
      <div className="flex gap-2">
        <button type="submit" className={smallButton}>
          Add node
        </button>
        <button type="button" className={smallButton} onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

// ------------------------------------------------------------------------------------ node

function NodeEditor({
  ids,
  node,
  scenario,
  problems,
  run,
  headingRef,
  onBack,
  showInYaml,
}: {
  ids: string;
  node: EditableNode;
  scenario: EditableScenario;
  problems: readonly Problem[];
  run(edit: ScenarioEdit): boolean;
  headingRef: RefObject<HTMLHeadingElement | null>;
  onBack(): void;
  showInYaml(): void;
}) {
  const [newChoice, setNewChoice] = useState("");
  const here = problems.filter((p) => p.line >= node.firstLine && p.line <= node.lastLine);
  const isStart = scenario.start === node.id;
  const endingKind = node.ending ? (node.ending.kind ?? "") : "none";
  const headingId = `${ids}-node-heading`;
  return (
    <section aria-labelledby={headingId} className="space-y-4" data-testid="node-editor">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <button type="button" className={linkButton} onClick={onBack}>
          ← Scenario details
        </button>
        <button type="button" className={linkButton} onClick={showInYaml}>
          Show in YAML
        </button>
      </div>
      <h3 id={headingId} ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900">
        Node <code className="font-mono">{node.id}</code>
        {isStart ? <span className="ml-2 rounded bg-slate-800 px-1.5 py-0.5 text-xs font-semibold text-white">Start</span> : null}
      </h3>
      {here.length ? (
        <ul
          className="space-y-1 rounded-md bg-amber-50 p-3 text-sm text-amber-950 ring-1 ring-amber-200"
          aria-label="Problems in this node"
        >
          {here.map((p, i) => (
            <li key={i}>
              <span className="font-medium">{p.severity === "error" ? "Error" : "Warning"}</span> (line {p.line}): {p.message}
            </li>
          ))}
        </ul>
      ) : null}

      {node.lines.length ? (
        node.lines.map((line, i) => (
          <TextField
            key={i}
            label={
              node.lines.length === 1
                ? "What the customer says"
                : line.when
                  ? `What the customer says when ${line.when}`
                  : "What the customer says otherwise"
            }
            multiline
            value={line.text}
            testId={i === node.lines.length - 1 ? "node-customer" : undefined}
            onCommit={(text) => run({ kind: "set-customer", nodeId: node.id, text, ...(node.lines.length > 1 ? { line: i } : {}) })}
          />
        ))
      ) : (
        <TextField
          label="What the customer says"
          multiline
          value=""
          onCommit={(text) => run({ kind: "set-customer", nodeId: node.id, text })}
        />
      )}

      <div className="grid grid-cols-1 gap-3">
        <div>
          <label htmlFor={`${ids}-ending`} className={label}>
            After this line
          </label>
          <select
            id={`${ids}-ending`}
            className={input}
            value={endingKind}
            onChange={(e) => {
              const kind = e.currentTarget.value;
              run({
                kind: "set-ending",
                nodeId: node.id,
                ending:
                  kind === "none" ? null : { kind: kind as EndingKind, ...(node.ending?.summary ? { summary: node.ending.summary } : {}) },
              });
            }}
          >
            <option value="none">The agent answers (choices below)</option>
            {endingKind === "" ? <option value="">An unknown ending</option> : null}
            {ENDING_KINDS.map((k) => (
              <option key={k} value={k}>
                The call ends: {outcomeLabel(k)}
              </option>
            ))}
          </select>
        </div>
        {node.ending && node.ending.kind ? (
          <TextField
            label="How it ended (for the debrief)"
            value={node.ending.summary}
            onCommit={(summary) => run({ kind: "set-ending", nodeId: node.id, ending: { kind: node.ending!.kind!, summary } })}
          />
        ) : null}
      </div>

      {!node.ending ? (
        <div className="space-y-3">
          <h4 className="text-sm font-semibold text-slate-900">
            What the agent can say ({node.choices.length} of {MAX_CHOICES})
          </h4>
          {node.choices.map((choice, i) => (
            <ChoiceEditor key={choice.id} ids={ids} index={i} node={node} choice={choice} scenario={scenario} run={run} />
          ))}
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              if (run({ kind: "add-choice", nodeId: node.id, text: newChoice })) setNewChoice("");
            }}
          >
            <div className="flex-1">
              <label htmlFor={`${ids}-new-choice`} className={label}>
                New choice: what the agent says
              </label>
              <input
                id={`${ids}-new-choice`}
                className={input}
                value={newChoice}
                disabled={node.choices.length >= MAX_CHOICES}
                onChange={(e) => setNewChoice(e.currentTarget.value)}
              />
            </div>
            <button type="submit" className={smallButton} disabled={node.choices.length >= MAX_CHOICES}>
              Add choice
            </button>
          </form>
        </div>
      ) : null}

      <div className="flex flex-wrap gap-2 border-t border-slate-200 pt-3">
        {!isStart ? (
          <button type="button" className={smallButton} onClick={() => run({ kind: "set-scenario-field", field: "start", value: node.id })}>
            Start the call here
          </button>
        ) : null}
        <button
          type="button"
          className={smallButton}
          onClick={() => {
            if (run({ kind: "remove-node", nodeId: node.id })) onBack();
          }}
        >
          Remove node
        </button>
      </div>
    </section>
  );
}

const NEW_NODE = "\u0000new";

function ChoiceEditor({
  ids,
  index,
  node,
  choice,
  scenario,
  run,
}: {
  ids: string;
  index: number;
  node: EditableNode;
  choice: EditableChoice;
  scenario: EditableScenario;
  run(edit: ScenarioEdit): boolean;
}) {
  const base = `${ids}-choice-${index}`;
  const [newNodeFor, setNewNodeFor] = useState<number | null>(null);
  const [newNodeText, setNewNodeText] = useState("");
  const newNodeInput = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (newNodeFor !== null) newNodeInput.current?.focus();
  }, [newNodeFor]);
  const ref = { nodeId: node.id, choiceId: choice.id };
  const branches = choice.next.length ? choice.next : [{ to: "", when: null }];
  const showFacts = choice.tags.includes("paraphrase") || choice.facts.length > 0;
  const tagSummary = choice.tags.length ? choice.tags.join(", ") : "none yet";
  const sortedTags = useMemo(() => [...TAG_NAMES], []);
  return (
    <fieldset className="space-y-3 rounded-md border border-slate-300 p-3" data-testid={`choice-editor-${choice.id}`}>
      <legend className="px-1 text-sm font-semibold text-slate-900">
        Choice {index + 1} <code className="font-mono text-xs font-normal text-slate-700">{choice.id}</code>
      </legend>
      <TextField
        label="What the agent says"
        multiline
        value={choice.text}
        onCommit={(text) => run({ kind: "set-choice-text", ...ref, text })}
      />

      <details className="rounded-md border border-slate-200">
        <summary className="cursor-pointer px-2 py-1.5 text-sm font-medium text-slate-900">
          Tags: <span className="font-normal">{tagSummary}</span>
        </summary>
        <fieldset className="grid max-h-56 grid-cols-1 gap-1 overflow-y-auto px-2 pb-2" aria-label={`Tags of choice ${index + 1}`}>
          {sortedTags.map((tag) => {
            const id = `${base}-tag-${tag}`;
            const checked = choice.tags.includes(tag);
            return (
              <div key={tag} className="flex items-start gap-2 text-sm">
                <input
                  id={id}
                  type="checkbox"
                  className="mt-1"
                  checked={checked}
                  aria-describedby={`${id}-info`}
                  onChange={() =>
                    run({ kind: "set-tags", ...ref, tags: checked ? choice.tags.filter((t) => t !== tag) : [...choice.tags, tag] })
                  }
                />
                <label htmlFor={id}>
                  <span className="font-mono font-medium text-slate-900">{tag}</span>{" "}
                  <span id={`${id}-info`} className="text-xs text-slate-700">
                    {TAGS[tag]}
                  </span>
                </label>
              </div>
            );
          })}
        </fieldset>
      </details>

      <div className="grid grid-cols-2 gap-3">
        <NumberField
          label="Anger change"
          value={choice.mood.anger}
          min={-100}
          max={100}
          onCommit={(anger) => run({ kind: "set-mood", ...ref, mood: { anger, trust: choice.mood.trust } })}
        />
        <NumberField
          label="Trust change"
          value={choice.mood.trust}
          min={-100}
          max={100}
          onCommit={(trust) => run({ kind: "set-mood", ...ref, mood: { anger: choice.mood.anger, trust } })}
        />
      </div>
      <TextField
        label="Feedback (shown in the debrief)"
        multiline
        value={choice.feedback}
        onCommit={(text) => run({ kind: "set-feedback", ...ref, text })}
      />
      {showFacts && scenario.facts.length ? (
        <fieldset className="space-y-1">
          <legend className={label}>Key facts this summary covers</legend>
          {scenario.facts.map((fact) => {
            const id = `${base}-fact-${fact.id}`;
            const checked = choice.facts.includes(fact.id);
            return (
              <div key={fact.id} className="flex items-start gap-2 text-sm">
                <input
                  id={id}
                  type="checkbox"
                  className="mt-1"
                  checked={checked}
                  onChange={() =>
                    run({
                      kind: "set-choice-facts",
                      ...ref,
                      facts: checked ? choice.facts.filter((f) => f !== fact.id) : [...choice.facts, fact.id],
                    })
                  }
                />
                <label htmlFor={id} className="text-slate-900">
                  {fact.text || fact.id}
                </label>
              </div>
            );
          })}
        </fieldset>
      ) : null}

      {branches.map((branch, b) => {
        const id = `${base}-next-${b}`;
        const known = scenario.nodes.some((n) => n.id === branch.to);
        return (
          <div key={b}>
            <label htmlFor={id} className={label}>
              {choice.branched && branch.when
                ? `Leads to, when ${branch.when}`
                : choice.branched && branches.length > 1
                  ? "Leads to, otherwise"
                  : "Leads to"}
            </label>
            <select
              id={id}
              className={input}
              value={newNodeFor === b ? NEW_NODE : branch.to}
              onChange={(e) => {
                const to = e.currentTarget.value;
                if (to === NEW_NODE) setNewNodeFor(b);
                else {
                  setNewNodeFor(null);
                  if (to) run({ kind: "connect", ...ref, to, ...(choice.branched ? { branch: b } : {}) });
                }
              }}
            >
              {!branch.to ? <option value="">Choose a node…</option> : null}
              {branch.to && !known ? <option value={branch.to}>{branch.to} (no such node)</option> : null}
              {scenario.nodes.map((n) => (
                <option key={n.id} value={n.id}>
                  {nodeOptionLabel(n)}
                </option>
              ))}
              <option value={NEW_NODE}>A new node…</option>
            </select>
            {newNodeFor === b ? (
              <form
                className="mt-2 space-y-2 rounded-md bg-slate-50 p-2"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (run({ kind: "add-node", customer: newNodeText, from: { ...ref, ...(choice.branched ? { branch: b } : {}) } })) {
                    setNewNodeFor(null);
                    setNewNodeText("");
                  }
                }}
              >
                <label htmlFor={`${id}-new`} className={label}>
                  The new node: what the customer says next
                </label>
                <textarea
                  ref={newNodeInput}
                  id={`${id}-new`}
                  rows={2}
                  className={input}
                  value={newNodeText}
                  onChange={(e) => setNewNodeText(e.currentTarget.value)}
                />
                <div className="flex gap-2">
                  <button type="submit" className={smallButton}>
                    Add the node
                  </button>
                  <button type="button" className={smallButton} onClick={() => setNewNodeFor(null)}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : null}
          </div>
        );
      })}

      <button type="button" className={smallButton} onClick={() => run({ kind: "remove-choice", ...ref })}>
        Remove choice {index + 1}
      </button>
    </fieldset>
  );
}

function nodeOptionLabel(node: EditableNode): string {
  const line = node.lines[node.lines.length - 1]?.text ?? "";
  const short = line.length > 48 ? `${line.slice(0, 47)}…` : line;
  const ending = node.ending ? ` [ends: ${outcomeLabel(node.ending.kind)}]` : "";
  return `${node.id}${ending}${short ? ` — ${short}` : ""}`;
}
