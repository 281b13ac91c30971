"use client";

import { formatDateTime } from "@/lib/ui/dates";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from "react";
import type { EditResult } from "@/lib/authoring/edit-yaml";
import { checkImportedFile, refuseBeforeReading } from "@/lib/authoring/import-check";
import { clearLocalDraft, clearLocalDraftsUpTo, draftKey, findLocalDraft, writeLocalDraft } from "@/lib/authoring/local-draft";
import { workspaceFile, type CheckOutcome } from "@/lib/authoring/workspace-file";
import type { Problem } from "@/lib/scenario/load";
import type { Scenario } from "@/lib/scenario/model";
import { buttonStyles } from "@/app/_components/styles";
import { errorMessage, errorOf, postJson } from "./api";
import { DuplicateButton } from "./duplicate-button";
import { useReachWarnings } from "@/app/(app)/(trainer)/trainer/_viz/reach-warnings";
import { AnalysisPanel, BotPlaythrough, GraphView, PlaytestPanel, RepliesPanel } from "./viz-panels";
import { YamlEditor, type YamlEditorHandle } from "./yaml-editor";
import type { Check } from "./checker";

export interface VersionView {
  version: number;
  published: boolean;
  problemCount: number;
  createdAt: string;
  editor: string | null;
  runCount: number;
}

interface Props {
  /** The reader's locale for dates (UTC on both sides, so the server's render and the browser's agree). */
  locale?: string;
  /** null for a new scenario that is not saved yet. */
  scenarioId: string | null;
  builtIn: boolean;
  title: string;
  latestVersion: number;
  latestText: string;
  /** The server's check of `latestText` (`firstCheck`), shown until the browser has checked it. */
  firstCheck: CheckOutcome;
  /** Newest first. */
  versions: VersionView[];
  focusImport?: boolean;
}

const CHECK_DELAY_MS = 120;
const TABS = ["editor", "graph", "analysis", "replies", "playtest"] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, string> = { editor: "Editor", graph: "Graph", analysis: "Analysis", replies: "Replies", playtest: "Playtest" };

type SaveTrouble =
  | { kind: "conflict"; latestVersion: number; message: string }
  | { kind: "other-id"; yamlId: string; message: string }
  | { kind: "error"; message: string };

/** The loader, fetched the first time the browser checks a text (D78). */
const loadChecker = () => import("./checker");

/**
 * The scenario workspace: the YAML editor with the CLI's checks on every change, the graph,
 * analysis and playtest of the text as it is now, versions, publishing, import and export.
 * Unsaved text is kept in localStorage (per scenario and base version) until it is saved.
 */
export function Workspace({ scenarioId, builtIn, title, latestVersion, latestText, firstCheck, versions, focusImport, locale }: Props) {
  const router = useRouter();
  const file = workspaceFile(scenarioId);
  const editor = useRef<YamlEditorHandle>(null);
  const importInput = useRef<HTMLInputElement>(null);
  const ids = useId();

  /** The saved version the editor's text started from (older than the latest after a restored old draft). */
  const [base, setBase] = useState({ version: latestVersion, text: latestText });
  const [text, setText] = useState(latestText);
  // The server's check of the text as saved (D77); the browser checks the text once it changes.
  const [check, setCheck] = useState<Check>({ text: latestText, ...firstCheck });
  /** The last text that loaded, for the graph and the other views: null until the browser has checked a text. */
  const [lastGood, setLastGood] = useState<Scenario | null>(null);
  const [restored, setRestored] = useState<{ savedAt: string; baseVersion: number } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [trouble, setTrouble] = useState<SaveTrouble | null>(null);
  const [busy, setBusy] = useState<null | "save" | "publish">(null);
  const [tab, setTab] = useState<Tab>("editor");
  const [highlightPath, setHighlightPath] = useState<string[] | undefined>(undefined);
  const [jump, setJump] = useState<{ line: number; col: number } | null>(null);
  const [draftsReady, setDraftsReady] = useState(false);
  /** false when the browser refused to keep the draft (storage full or disabled). */
  const [draftKept, setDraftKept] = useState(true);
  /** The text the checker could not be fetched for (offline): the status says so instead of "Checking…". */
  const [checkerMissing, setCheckerMissing] = useState<string | null>(null);

  const dirty = text !== base.text || base.version !== latestVersion;
  const key = draftKey(scenarioId, base.version);

  // A local draft from before a reload (or a crash) comes back, with a notice.
  useEffect(() => {
    if (!builtIn) {
      const found = findLocalDraft(scenarioId, latestVersion);
      if (found && found.draft.text !== latestText) {
        setBase({ version: found.baseVersion, text: latestText });
        editor.current?.setText(found.draft.text);
        setRestored({ savedAt: found.draft.savedAt, baseVersion: found.baseVersion });
      } else if (found) {
        clearLocalDraft(found.key);
      }
    }
    setDraftsReady(true);
    if (focusImport) importInput.current?.focus();
    // Once, on arrival.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // Keep the local draft and check the text (the same loader as the CLI), a moment after typing
  // stops. The draft is written first: it does not wait for the loader to arrive.
  useEffect(() => {
    if (check.text === text && draftsReady) return;
    let current = true;
    const timer = setTimeout(() => {
      if (draftsReady && !builtIn) {
        if (text !== base.text) setDraftKept(writeLocalDraft(key, text));
        else {
          clearLocalDraft(key);
          setDraftKept(true);
        }
      }
      loadChecker().then(
        ({ runCheck }) => {
          if (!current) return;
          const next = runCheck(text, file);
          setCheck(next.check);
          setCheckerMissing(null);
          if (next.scenario) setLastGood(next.scenario);
        },
        () => {
          if (current) setCheckerMissing(text);
        },
      );
    }, CHECK_DELAY_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, file, key, base.text, builtIn, draftsReady, check.text]);

  // The views need the loaded scenario, which the server's first check does not send: the first
  // time one is opened on a text that loads, load it here.
  useEffect(() => {
    if (tab === "editor" || lastGood || !check.ok || check.text !== text) return;
    let current = true;
    loadChecker().then(
      ({ runCheck }) => {
        const next = runCheck(text, file);
        if (current && next.scenario) setLastGood(next.scenario);
      },
      () => {
        if (current) setCheckerMissing(text);
      },
    );
    return () => {
      current = false;
    };
  }, [tab, lastGood, check.ok, check.text, text, file]);

  // Leaving with unsaved text asks first: closing or reloading the tab, and links inside the app.
  useEffect(() => {
    if (!dirty || builtIn) return;
    const beforeUnload = (event: BeforeUnloadEvent) => {
      event.preventDefault();
      event.returnValue = "";
    };
    const onClick = (event: MouseEvent) => {
      const anchor = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
      if (!anchor || anchor.target === "_blank" || anchor.hasAttribute("download") || event.defaultPrevented) return;
      // A new tab, or a link within this page (the playtest debrief's turn links), leaves nothing.
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      if (anchor.pathname === window.location.pathname && anchor.search === window.location.search && anchor.hash) return;
      if (!window.confirm("You have unsaved changes to this scenario. They are kept as a local draft in this browser. Leave the page?")) {
        event.preventDefault();
        event.stopPropagation();
      }
    };
    window.addEventListener("beforeunload", beforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", beforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [dirty, builtIn]);

  // Jumps wait until the editor's tab is shown.
  useEffect(() => {
    if (tab === "editor" && jump) {
      editor.current?.goTo(jump.line, jump.col);
      setJump(null);
    }
  }, [tab, jump]);

  // The graph edits through the editor: on a phone, where the editor starts on first use, it starts now.
  useEffect(() => {
    if (tab === "graph") editor.current?.start();
  }, [tab]);

  // Lines and branches no call reaches: found by enumerating every call, in a worker, once the text loads.
  const reach = useReachWarnings(check.ok ? check.text : null, file);
  const problems: Problem[] = useMemo(
    () =>
      check.ok
        ? [...check.problems, ...(reach?.text === check.text ? reach.problems : [])].sort((a, b) => a.line - b.line || a.col - b.col)
        : check.problems,
    [check, reach],
  );
  const errorCount = problems.filter((p) => p.severity === "error").length;
  const warningCount = problems.length - errorCount;
  const upToDate = check.text === text;

  const save = useCallback(
    async (onBase = base.version) => {
      if (builtIn) return;
      setBusy("save");
      setTrouble(null);
      setNotice(null);
      const answer = scenarioId
        ? await postJson(`/api/trainer/scenarios/${scenarioId}/versions`, "POST", { baseVersion: onBase, yaml: text })
        : await postJson("/api/trainer/scenarios", "POST", { yaml: text });
      setBusy(null);
      if (answer.ok) {
        const saved = answer.body as { scenarioId: string; version: number; problemCount: number };
        clearLocalDraft(key);
        setRestored(null);
        if (!scenarioId) {
          setBase({ version: 0, text });
          router.push(`/trainer/scenarios/${saved.scenarioId}`);
          return;
        }
        clearLocalDraftsUpTo(scenarioId, saved.version);
        setBase({ version: saved.version, text });
        setNotice(
          `Saved version ${saved.version}${saved.problemCount ? ` as a draft with ${saved.problemCount} ${saved.problemCount === 1 ? "problem" : "problems"} (it cannot be published until they are fixed)` : ""}.`,
        );
        router.refresh();
        return;
      }
      const error = errorOf(answer);
      const latest = Number(error?.detail?.latestVersion);
      const yamlId = error?.detail?.yamlId;
      if (answer.status === 409 && Number.isInteger(latest))
        setTrouble({ kind: "conflict", latestVersion: latest, message: errorMessage(answer) });
      else if (typeof yamlId === "string") setTrouble({ kind: "other-id", yamlId, message: errorMessage(answer) });
      else setTrouble({ kind: "error", message: errorMessage(answer) });
    },
    [base.version, builtIn, key, router, scenarioId, text],
  );

  const saveAsNew = async () => {
    setBusy("save");
    const answer = await postJson("/api/trainer/scenarios", "POST", { yaml: text });
    setBusy(null);
    if (answer.ok) {
      clearLocalDraft(key);
      setBase({ version: base.version, text });
      router.push(`/trainer/scenarios/${(answer.body as { scenarioId: string }).scenarioId}`);
    } else setTrouble({ kind: "error", message: errorMessage(answer) });
  };

  const publication = async (version: number | null) => {
    if (!scenarioId) return;
    setBusy("publish");
    setTrouble(null);
    setNotice(null);
    const answer =
      version === null
        ? await postJson(`/api/trainer/scenarios/${scenarioId}/publication`, "DELETE")
        : await postJson(`/api/trainer/scenarios/${scenarioId}/publication`, "PUT", { version });
    setBusy(null);
    if (answer.ok) {
      setNotice(
        version === null
          ? "Unpublished: trainees no longer see this scenario in the library."
          : `Published version ${version}: trainees see it in the library.`,
      );
      router.refresh();
    } else setTrouble({ kind: "error", message: errorMessage(answer) });
  };

  const discardDraft = () => {
    clearLocalDraft(key);
    setBase({ version: latestVersion, text: latestText });
    editor.current?.setText(latestText);
    setRestored(null);
    setTrouble(null);
    setNotice("Local draft discarded: the editor shows the saved version again.");
  };

  const onImport = async (input: HTMLInputElement) => {
    const chosen = input.files?.[0];
    input.value = "";
    if (!chosen) return;
    // Checked before anything is replaced: size and type before reading, then the bytes.
    const early = refuseBeforeReading(chosen);
    const checked = early
      ? { ok: false as const, message: early }
      : checkImportedFile({ name: chosen.name, type: chosen.type, bytes: new Uint8Array(await chosen.arrayBuffer()) });
    if (!checked.ok) {
      setNotice(null);
      setTrouble({ kind: "error", message: checked.message });
      return;
    }
    setTab("editor");
    editor.current?.setText(checked.text);
    setTrouble(null);
    setNotice(`Imported ${chosen.name} into the editor: not saved yet.`);
  };

  const selectNode = useCallback(
    (nodeId: string, known?: { line: number | null }) => {
      const fallback = known?.line ? { line: known.line, col: 1 } : null;
      const go = (at: { line: number; col: number } | null) => {
        if (!at) return;
        setJump(at);
        setTab("editor");
      };
      // The views that call this have loaded the checker already: the import resolves at once.
      loadChecker().then(
        ({ nodePosition }) => go(nodePosition(text, nodeId) ?? fallback),
        () => go(fallback),
      );
    },
    [text],
  );

  // Edits from the graph's panel go into the editor's text as its own transactions (one undo step each).
  const graphEditing = useMemo(
    () => ({
      change: (compute: (text: string) => EditResult): EditResult =>
        editor.current?.change(compute) ?? { ok: false, message: "The editor is not ready yet: try again in a moment." },
      undo: () => void editor.current?.undo(),
      redo: () => void editor.current?.redo(),
      showInYaml: (nodeId: string) => selectNode(nodeId),
    }),
    [selectNode],
  );

  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>) => {
    const i = TABS.indexOf(tab);
    const next =
      event.key === "ArrowRight"
        ? TABS[(i + 1) % TABS.length]
        : event.key === "ArrowLeft"
          ? TABS[(i + TABS.length - 1) % TABS.length]
          : event.key === "Home"
            ? TABS[0]
            : event.key === "End"
              ? TABS[TABS.length - 1]
              : null;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    document.getElementById(`${ids}-tab-${next}`)?.focus();
  };

  // Ctrl/Cmd+S saves, as in any editor.
  useEffect(() => {
    const onKey = (event: globalThis.KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "s") {
        event.preventDefault();
        if (!builtIn && busy === null) void save();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [builtIn, busy, save]);

  const savedVersion = versions.find((v) => v.version === base.version);
  const published = versions.find((v) => v.published);
  const canPublish = !!scenarioId && !builtIn && !dirty && !!savedVersion && savedVersion.problemCount === 0 && !savedVersion.published;
  const vizScenario = lastGood;
  const stale = !check.ok;

  const vizNote = useMemo(() => {
    if (!vizScenario)
      return (
        <p className="rounded-md border border-dashed border-slate-300 bg-white p-6 text-sm text-slate-700">
          {!check.ok
            ? "This view appears once the text loads with no errors. Fix the problems listed under the editor."
            : checkerMissing !== null
              ? "The scenario could not be loaded here: the checker did not arrive. Check your connection, then reload the page."
              : "Loading the scenario…"}
        </p>
      );
    if (stale)
      return (
        <p className="mb-3 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200">
          The text has problems: this shows the last version of it that loaded.
        </p>
      );
    return null;
  }, [vizScenario, stale, check.ok, checkerMissing]);

  return (
    <div>
      <div role="group" aria-label="Scenario actions" className="mb-4 flex flex-wrap items-center gap-3">
        {builtIn ? (
          <DuplicateButton scenarioId={scenarioId!} title={title} className={buttonStyles.primary} />
        ) : (
          <button
            type="button"
            className={buttonStyles.primary}
            disabled={busy !== null || (!dirty && scenarioId !== null)}
            onClick={() => void save()}
          >
            {busy === "save" ? "Saving…" : scenarioId ? `Save as version ${latestVersion + 1}` : "Save new scenario"}
          </button>
        )}
        {scenarioId && !builtIn ? (
          <>
            <button
              type="button"
              className={buttonStyles.secondary}
              disabled={!canPublish || busy !== null}
              onClick={() => void publication(base.version)}
              aria-describedby={`${ids}-publish-hint`}
            >
              {busy === "publish" ? "Publishing…" : `Publish version ${base.version}`}
            </button>
            {published ? (
              <button type="button" className={buttonStyles.secondary} disabled={busy !== null} onClick={() => void publication(null)}>
                Unpublish
              </button>
            ) : null}
          </>
        ) : null}
        {!builtIn ? (
          // The input sits inside its label, so the label shows the keyboard focus ring.
          <label
            className={`${buttonStyles.secondary} cursor-pointer focus-within:outline-2 focus-within:outline-offset-2 focus-within:outline-brand-600`}
          >
            Import .yaml
            <input
              ref={importInput}
              type="file"
              accept=".yaml,.yml,text/yaml,application/yaml"
              className="sr-only"
              onChange={(e) => void onImport(e.currentTarget)}
            />
          </label>
        ) : null}
        <span id={`${ids}-publish-hint`} className="text-sm text-slate-700">
          {builtIn
            ? "Built-in scenario: read-only. Duplicate it to edit a copy."
            : !scenarioId
              ? "Saving creates the scenario (as a draft) under the text's id."
              : dirty
                ? "Unsaved changes (kept in this browser until you save)."
                : savedVersion && savedVersion.problemCount > 0
                  ? `Version ${base.version} has problems: fix them and save before publishing.`
                  : savedVersion?.published
                    ? `Version ${base.version} is published.`
                    : `Version ${base.version} is saved.`}
        </span>
      </div>

      <div aria-live="polite" className="space-y-3">
        {restored ? (
          <div
            className="flex flex-wrap items-center gap-3 rounded-md bg-sky-50 p-3 text-sm text-sky-900 ring-1 ring-sky-200"
            data-testid="draft-restored"
          >
            <span>
              Restored your unsaved changes from {formatDateTime(new Date(restored.savedAt), locale)}
              {restored.baseVersion < latestVersion
                ? ` (made on version ${restored.baseVersion}; version ${latestVersion} has been saved since)`
                : ""}
              . They are not saved yet.
            </span>
            <button
              type="button"
              className="rounded border border-sky-300 bg-white px-2.5 py-1 font-medium hover:bg-sky-100"
              onClick={discardDraft}
            >
              Discard local draft
            </button>
          </div>
        ) : null}
        {!draftKept && dirty ? (
          <p className="rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200" data-testid="draft-not-kept">
            This browser would not keep a local copy of your changes (its storage is full or turned off): save soon, or copy your text
            somewhere safe.
          </p>
        ) : null}
        {notice ? (
          <p className="rounded-md bg-emerald-50 p-3 text-sm text-emerald-900 ring-1 ring-emerald-200" data-testid="workspace-notice">
            {notice}
          </p>
        ) : null}
      </div>
      {trouble ? (
        <div
          role="alert"
          className="mt-3 space-y-2 rounded-md bg-rose-50 p-3 text-sm text-rose-900 ring-1 ring-rose-200"
          data-testid="save-trouble"
        >
          <p>{trouble.message}</p>
          {trouble.kind === "conflict" ? (
            <div className="flex flex-wrap gap-2">
              <button
                type="button"
                className="rounded border border-rose-300 bg-white px-2.5 py-1 font-medium hover:bg-rose-100"
                onClick={() => void save(trouble.latestVersion)}
              >
                Save mine as version {trouble.latestVersion + 1} anyway
              </button>
              <a
                className="rounded border border-rose-300 bg-white px-2.5 py-1 font-medium hover:bg-rose-100"
                href={`/api/trainer/scenarios/${scenarioId}/versions/${trouble.latestVersion}/export`}
                download
              >
                Download their version {trouble.latestVersion}
              </a>
            </div>
          ) : null}
          {trouble.kind === "other-id" ? (
            <button
              type="button"
              className="rounded border border-rose-300 bg-white px-2.5 py-1 font-medium hover:bg-rose-100"
              onClick={() => void saveAsNew()}
            >
              Save as a new scenario “{trouble.yamlId}”
            </button>
          ) : null}
        </div>
      ) : null}

      <div role="tablist" aria-label="Workspace views" className="mt-6 flex flex-wrap gap-1 border-b border-slate-200">
        {TABS.map((t) => (
          <button
            key={t}
            id={`${ids}-tab-${t}`}
            type="button"
            role="tab"
            aria-selected={tab === t}
            aria-controls={`${ids}-panel-${t}`}
            tabIndex={tab === t ? 0 : -1}
            onClick={() => setTab(t)}
            onKeyDown={onTabKey}
            className={`-mb-px rounded-t-md border px-4 py-2 text-sm font-medium ${tab === t ? "border-slate-200 border-b-white bg-white text-brand-800" : "border-transparent text-slate-700 hover:text-brand-700"}`}
          >
            {TAB_LABEL[t]}
            {t === "editor" && errorCount > 0 ? (
              <span className="ml-2 rounded-full bg-rose-100 px-1.5 text-xs text-rose-800">
                <span className="sr-only">, </span>
                {errorCount}
                <span className="sr-only"> {errorCount === 1 ? "problem" : "problems"}</span>
              </span>
            ) : null}
          </button>
        ))}
      </div>

      <div id={`${ids}-panel-editor`} role="tabpanel" aria-labelledby={`${ids}-tab-editor`} hidden={tab !== "editor"} className="pt-4">
        <h2 id={`${ids}-editor-label`} className="sr-only">
          Scenario YAML{builtIn ? " (read-only)" : ""}
        </h2>
        <YamlEditor
          ref={editor}
          initialText={latestText}
          readOnly={builtIn}
          onChange={setText}
          problems={problems}
          problemsText={check.text}
          labelledBy={`${ids}-editor-label`}
          describedBy={`${ids}-check-status`}
        />
        <p id={`${ids}-check-status`} className="mt-2 text-sm text-slate-700" data-testid="check-status">
          <span role="status">
            {!upToDate
              ? checkerMissing === text
                ? "Not checked: the checker could not be loaded. Check your connection, then reload the page (your text is kept as a local draft)."
                : "Checking…"
              : errorCount === 0
                ? warningCount
                  ? `No errors, ${warningCount} ${warningCount === 1 ? "warning" : "warnings"}`
                  : "No problems"
                : `${errorCount} ${errorCount === 1 ? "problem" : "problems"}${warningCount ? `, ${warningCount} ${warningCount === 1 ? "warning" : "warnings"}` : ""}`}
          </span>
          {upToDate ? <span> · checked in {check.ms} ms</span> : null}
        </p>
        {problems.length > 0 ? (
          <section aria-labelledby={`${ids}-problems`} className="mt-3">
            <h3 id={`${ids}-problems`} className="text-sm font-semibold text-slate-900">
              Problems
            </h3>
            <ol className="mt-2 divide-y divide-slate-100 rounded-md border border-slate-200 bg-white" data-testid="problem-list">
              {problems.map((p, i) => (
                <li key={`${p.line}:${p.col}:${i}`}>
                  <button
                    type="button"
                    className="flex w-full gap-3 px-3 py-2 text-left text-sm hover:bg-slate-50"
                    onClick={() => editor.current?.goTo(p.line, p.col)}
                  >
                    <span className={`shrink-0 font-medium ${p.severity === "error" ? "text-rose-800" : "text-amber-900"}`}>
                      {p.severity === "error" ? "Error" : "Warning"}
                    </span>
                    <span className="shrink-0 tabular-nums text-slate-700">
                      line {p.line}, col {p.col}
                    </span>
                    <span className="text-slate-900">{p.message}</span>
                  </button>
                </li>
              ))}
            </ol>
          </section>
        ) : null}
      </div>

      <div id={`${ids}-panel-graph`} role="tabpanel" aria-labelledby={`${ids}-tab-graph`} hidden={tab !== "graph"} className="pt-4">
        {tab === "graph" ? (
          // The graph is drawn from the text itself, so a draft with problems shows where they are.
          <div data-testid="graph-panel">
            <GraphView
              scenario={lastGood}
              source={text}
              problems={problems}
              highlightPath={highlightPath}
              onSelectNode={selectNode}
              editing={builtIn ? undefined : graphEditing}
            />
          </div>
        ) : null}
      </div>
      <div
        id={`${ids}-panel-analysis`}
        role="tabpanel"
        aria-labelledby={`${ids}-tab-analysis`}
        hidden={tab !== "analysis"}
        className="pt-4"
      >
        {tab === "analysis" ? (
          <>
            {vizNote}
            {vizScenario ? (
              <div className={`space-y-8 ${stale ? "opacity-60" : ""}`}>
                <AnalysisPanel
                  scenario={vizScenario}
                  onHighlightPath={(path: string[]) => {
                    setHighlightPath(path);
                    setTab("graph");
                    // The button goes away with its tab: keyboard focus follows to the Graph tab.
                    requestAnimationFrame(() => document.getElementById(`${ids}-tab-graph`)?.focus());
                  }}
                />
                <BotPlaythrough scenario={vizScenario} />
              </div>
            ) : null}
          </>
        ) : null}
      </div>
      <div id={`${ids}-panel-replies`} role="tabpanel" aria-labelledby={`${ids}-tab-replies`} hidden={tab !== "replies"} className="pt-4">
        {tab === "replies" ? (
          <>
            {vizNote}
            {vizScenario ? (
              <div className={stale ? "opacity-60" : ""}>
                <RepliesPanel scenario={vizScenario} />
              </div>
            ) : null}
          </>
        ) : null}
      </div>
      <div
        id={`${ids}-panel-playtest`}
        role="tabpanel"
        aria-labelledby={`${ids}-tab-playtest`}
        hidden={tab !== "playtest"}
        className="pt-4"
      >
        {tab === "playtest" ? (
          <>
            {vizNote}
            {vizScenario ? <PlaytestPanel scenario={vizScenario} /> : null}
          </>
        ) : null}
      </div>

      {scenarioId ? (
        <VersionList
          scenarioId={scenarioId}
          builtIn={builtIn}
          versions={versions}
          busy={busy !== null}
          onPublish={(v) => void publication(v)}
          locale={locale}
        />
      ) : null}
    </div>
  );
}

function VersionList({
  scenarioId,
  builtIn,
  versions,
  busy,
  onPublish,
  locale,
}: {
  scenarioId: string;
  builtIn: boolean;
  versions: VersionView[];
  busy: boolean;
  onPublish(version: number): void;
  locale: string | undefined;
}) {
  return (
    <section aria-labelledby="versions-heading" className="mt-10">
      <h2 id="versions-heading" className="text-lg font-semibold text-slate-900">
        Versions
      </h2>
      <p className="mt-1 text-sm text-slate-700">
        Every save is a new version; runs keep the version they were played on. Exported files are the YAML exactly as saved, ready for{" "}
        <code className="rounded bg-slate-100 px-1">npm run scenario -- validate</code>.
      </p>
      <ol className="mt-4 divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white" data-testid="version-list">
        {versions.map((v) => (
          <li
            key={v.version}
            className="flex flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3 text-sm"
            data-testid={`version-${v.version}`}
          >
            <span className="font-medium text-slate-900">Version {v.version}</span>
            {v.published ? (
              <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs font-medium text-emerald-800 ring-1 ring-emerald-200">
                Published
              </span>
            ) : null}
            {v.problemCount > 0 ? (
              <span className="text-xs font-medium text-rose-800">
                {v.problemCount} {v.problemCount === 1 ? "problem" : "problems"}
              </span>
            ) : null}
            <span className="text-slate-700">
              {formatDateTime(new Date(v.createdAt), locale)}
              {v.editor ? ` by ${v.editor}` : ""} · {v.runCount} {v.runCount === 1 ? "run" : "runs"}
            </span>
            <span className="ml-auto flex gap-2">
              {!builtIn && !v.published && v.problemCount === 0 ? (
                <button
                  type="button"
                  disabled={busy}
                  className="rounded border border-slate-300 px-2.5 py-1 font-medium text-slate-800 hover:bg-slate-100 disabled:text-slate-500"
                  onClick={() => onPublish(v.version)}
                >
                  Publish<span className="sr-only"> version {v.version}</span>
                </button>
              ) : null}
              <a
                href={`/api/trainer/scenarios/${scenarioId}/versions/${v.version}/export`}
                download={`${scenarioId}-v${v.version}.yaml`}
                className="rounded border border-slate-300 px-2.5 py-1 font-medium text-slate-800 hover:bg-slate-100"
              >
                Export<span className="sr-only"> version {v.version} as .yaml</span>
              </a>
            </span>
          </li>
        ))}
      </ol>
    </section>
  );
}
