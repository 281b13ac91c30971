"use client";

import {
  forwardRef,
  useCallback,
  useEffect,
  useImperativeHandle,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type MouseEvent,
} from "react";
import type { EditResult } from "@/lib/authoring/edit-yaml";
import type { Problem } from "@/lib/scenario/load";
import type { YamlView } from "./codemirror-view";
import { EDITOR_FONT, EDITOR_FONT_SIZE, EDITOR_LINE_HEIGHT } from "./editor-look";
import { previewBlocks } from "./preview-blocks";

export interface YamlEditorHandle {
  /** Moves the cursor to a 1-based line and column, scrolls there and focuses the editor. */
  goTo(line: number, col?: number): void;
  /** Replaces the whole text (an import, a discarded draft); counts as an edit. */
  setText(text: string): void;
  focus(): void;
  /**
   * An edit made outside the editor (the graph's panel): `compute` gets the editor's current text
   * and returns the new one with the single change that makes it; the change is dispatched as one
   * transaction of its own in the editor's undo history (Ctrl+Z in the editor undoes it). Null
   * while the editor is still starting.
   */
  change(compute: (text: string) => EditResult): EditResult | null;
  undo(): boolean;
  redo(): boolean;
  /** Starts the editor now (a view that edits through it is open). */
  start(): void;
}

interface Props {
  initialText: string;
  readOnly: boolean;
  onChange(text: string): void;
  /** The problems for `problemsText`: shown only while the editor still holds that text. */
  problems: Problem[];
  problemsText: string;
  labelledBy: string;
  describedBy?: string;
}

/**
 * Phones and touch screens (D78): the editor starts on the first tap or focus, not while the page
 * loads. Everywhere else it starts as soon as the page has loaded.
 */
const START_ON_USE = "(max-width: 767px), (pointer: coarse)";

/** The character offset (in the whole text) under a click in the text shown before the editor starts, if any. */
function offsetAt(preview: HTMLElement, x: number, y: number): number | null {
  const doc = document as Document & { caretPositionFromPoint?(x: number, y: number): { offsetNode: Node; offset: number } | null };
  const at = doc.caretPositionFromPoint
    ? doc.caretPositionFromPoint(x, y)
    : (() => {
        const range = document.caretRangeFromPoint?.(x, y);
        return range ? { offsetNode: range.startContainer, offset: range.startOffset } : null;
      })();
  const block = at?.offsetNode.parentElement;
  if (!at || !block || !preview.contains(block) || block.dataset.offset === undefined) return null;
  return Number(block.dataset.offset) + at.offset;
}

/**
 * The scenario's YAML. CodeMirror (codemirror-view.ts, a chunk of its own) starts after the page
 * has loaded, or on a phone when the trainer first taps or focuses the text; until then the text
 * is shown as it will be in the editor, with line numbers, and can be read and scrolled.
 * Everything asked of the editor before it has started waits for it.
 */
export const YamlEditor = forwardRef<YamlEditorHandle, Props>(function YamlEditor(
  { initialText, readOnly, onChange, problems, problemsText, labelledBy, describedBy },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const preview = useRef<HTMLDivElement>(null);
  const view = useRef<YamlView | null>(null);
  const waiting = useRef<((view: YamlView) => void)[]>([]);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const readOnlyRef = useRef(readOnly);
  readOnlyRef.current = readOnly;
  /** Where a click in the preview put the caret, and whether the editor takes focus once started. */
  const startAt = useRef<{ anchor?: number; focus: boolean }>({ focus: false });
  const [phase, setPhase] = useState<"preview" | "starting" | "ready" | "failed">("preview");

  const start = useCallback((then?: (view: YamlView) => void) => {
    if (view.current) {
      then?.(view.current);
      return;
    }
    if (then) waiting.current.push(then);
    setPhase((p) => (p === "preview" ? "starting" : p));
  }, []);

  useEffect(() => {
    if (!window.matchMedia(START_ON_USE).matches) start();
  }, [start]);

  useEffect(() => {
    if (phase !== "starting") return;
    let cancelled = false;
    import("./codemirror-view")
      .then(({ createYamlView }) => {
        if (cancelled || !host.current) return;
        // The host lies under the preview, laid out at full size: the editor measures itself,
        // takes the preview's scroll position and can take focus before the preview goes.
        const created = createYamlView({
          parent: host.current,
          text: initialText,
          readOnly: readOnlyRef.current,
          onChange: (text) => onChangeRef.current(text),
          labelledBy,
          describedBy,
          anchor: startAt.current.anchor,
          scrollTop: preview.current?.scrollTop,
        });
        view.current = created;
        if (startAt.current.focus) created.focus();
        setPhase("ready");
      })
      .catch(() => {
        if (!cancelled) setPhase("failed");
      });
    return () => {
      cancelled = true;
    };
    // Started once, with the text the page came with; later text reaches it through `setText`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [phase]);

  // What was asked of the editor while it started, once the preview has gone.
  useLayoutEffect(() => {
    if (phase !== "ready" || !view.current) return;
    for (const then of waiting.current.splice(0)) then(view.current);
  }, [phase]);

  // The editor is destroyed with the component.
  useEffect(
    () => () => {
      view.current?.destroy();
      view.current = null;
    },
    [],
  );

  useEffect(() => {
    view.current?.setReadOnly(readOnly);
  }, [readOnly]);

  useEffect(() => {
    view.current?.showProblems(problems, problemsText);
  }, [problems, problemsText, phase]);

  useImperativeHandle(ref, () => ({
    goTo: (line, col) => start((v) => v.goTo(line, col)),
    setText: (text) => start((v) => v.setText(text)),
    focus: () => start((v) => v.focus()),
    change(compute) {
      if (view.current) return view.current.change(compute);
      start();
      return null;
    },
    undo: () => view.current?.undo() ?? false,
    redo: () => view.current?.redo() ?? false,
    start: () => start(),
  }));

  const startHere = (event: MouseEvent) => {
    const anchor = preview.current ? offsetAt(preview.current, event.clientX, event.clientY) : null;
    startAt.current = { anchor: anchor ?? undefined, focus: true };
    start();
  };
  const blocks = useMemo(() => previewBlocks(initialText), [initialText]);
  const lines = blocks.reduce((n, b) => n + b.lines, 0);
  // Every block's line numbers as wide as the widest, so the text starts at one x on every line.
  const gutterWidth = `calc(${String(lines).length}ch + 2.25rem + 1px)`;

  return (
    // A fixed height from the first paint, so nothing below moves when the editor replaces the preview.
    <div
      className="relative h-[min(70vh,640px)] overflow-hidden rounded-md border border-slate-300 bg-white focus-within:ring-2 focus-within:ring-brand-600"
      data-testid="yaml-editor"
      data-editor={phase}
    >
      <div ref={host} className="absolute inset-0" />
      {phase !== "ready" ? (
        <div
          ref={preview}
          role="textbox"
          aria-readonly="true"
          aria-multiline="true"
          aria-labelledby={labelledBy}
          aria-describedby={describedBy}
          aria-busy={phase === "starting"}
          tabIndex={0}
          onFocus={() => {
            startAt.current = { ...startAt.current, focus: true };
            start();
          }}
          onClick={startHere}
          className="absolute inset-0 z-10 overflow-auto bg-white text-slate-900 outline-none"
          style={{ fontFamily: EDITOR_FONT, fontSize: EDITOR_FONT_SIZE, lineHeight: EDITOR_LINE_HEIGHT }}
          data-testid="yaml-preview"
        >
          <div className="w-max min-w-full">
            {blocks.map((block, i) => {
              // The editor's 4 px above the first line and below the last.
              const top = i === 0 ? 0.25 : 0;
              const bottom = i === blocks.length - 1 ? 0.25 : 0;
              const padding = { paddingTop: `${top}rem`, paddingBottom: `${bottom}rem` };
              return (
                <div
                  key={block.firstLine}
                  className="flex w-max min-w-full"
                  // Exactly its lines' height before it is laid out (no line wraps), so nothing moves
                  // when it is; no width of its own until then.
                  style={{
                    contentVisibility: "auto",
                    containIntrinsicSize: `auto 0px auto calc(${block.lines * Number(EDITOR_LINE_HEIGHT)}em + ${top + bottom}rem)`,
                  }}
                >
                  <div
                    aria-hidden="true"
                    className="sticky left-0 shrink-0 border-r border-slate-200 bg-slate-50 pl-5 pr-4 text-right whitespace-pre text-slate-600"
                    style={{ width: gutterWidth, ...padding }}
                  >
                    {Array.from({ length: block.lines }, (_, n) => block.firstLine + n).join("\n")}
                  </div>
                  <pre data-offset={block.offset} className="m-0 min-w-0 grow pl-1.5 pr-0.5" style={{ font: "inherit", ...padding }}>
                    {block.text}
                  </pre>
                </div>
              );
            })}
          </div>
        </div>
      ) : null}
      {phase === "failed" ? (
        <p role="alert" className="absolute inset-x-3 bottom-3 z-20 rounded-md bg-rose-50 p-3 text-sm text-rose-900 shadow">
          The editor could not start, so the text can only be read. Check your connection, then reload the page.
        </p>
      ) : phase === "preview" && !readOnly ? (
        <p
          aria-hidden="true"
          className="pointer-events-none absolute right-3 bottom-3 z-20 hidden rounded-md bg-slate-900/80 px-2 py-1 text-xs text-white max-md:block pointer-coarse:block"
        >
          Tap the text to edit
        </p>
      ) : null}
    </div>
  );
});
