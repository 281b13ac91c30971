"use client";

import type { CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { isolateHistory, redo, undo } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { basicSetup } from "codemirror";
import { forwardRef, useEffect, useImperativeHandle, useRef } from "react";
import type { EditResult } from "@/lib/authoring/edit-yaml";
import type { Problem } from "@/lib/scenario/load";
import { tagCompletions } from "@/lib/authoring/tag-completions";

export interface YamlEditorHandle {
  /** Moves the cursor to a 1-based line and column, scrolls there and focuses the editor. */
  goTo(line: number, col?: number): void;
  /** Replaces the whole text (an import, a discarded draft); counts as an edit. */
  setText(text: string): void;
  focus(): void;
  /**
   * An edit made outside the editor (the graph's panel): `compute` gets the editor's current text
   * and returns the new one with the single change that makes it; the change is dispatched as one
   * transaction of its own in the editor's undo history (Ctrl+Z in the editor undoes it).
   */
  change(compute: (text: string) => EditResult): EditResult | null;
  undo(): boolean;
  redo(): boolean;
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

function positionOf(state: EditorState, lineNumber: number, col: number): number {
  const line = state.doc.line(Math.min(Math.max(1, lineNumber), state.doc.lines));
  return Math.min(line.from + Math.max(0, col - 1), line.to);
}

/** The problem's span: from its column to the end of the word there (or one character). */
function toDiagnostic(state: EditorState, p: Problem): Diagnostic {
  const from = positionOf(state, p.line, p.col);
  const line = state.doc.lineAt(from);
  const rest = line.text.slice(from - line.from);
  const word = /^[^\s,\]}]+/.exec(rest)?.[0].length ?? 0;
  const to = Math.min(line.to, from + Math.max(word, rest.length ? 1 : 0));
  return { from, to, severity: p.severity, message: p.message, source: `line ${p.line}, col ${p.col}` };
}

/**
 * The YAML colours, from the app's palette (CSS variables), so they follow dark mode (D73) and
 * keep a 4.5:1 contrast on the editor's background in both schemes. Replaces basicSetup's
 * default style, which is only a fallback.
 */
const highlightStyle = HighlightStyle.define([
  { tag: tags.comment, color: "var(--color-slate-600, oklch(44.6% 0.043 257.281))", fontStyle: "italic" },
  { tag: [tags.propertyName, tags.definition(tags.propertyName), tags.labelName], color: "var(--color-brand-800, #12443f)" },
  { tag: [tags.string, tags.content, tags.special(tags.string)], color: "var(--color-emerald-800, oklch(43.2% 0.095 166.913))" },
  { tag: [tags.atom, tags.bool, tags.null, tags.number, tags.literal], color: "var(--color-sky-800, oklch(44.3% 0.11 240.79))" },
  {
    tag: [tags.keyword, tags.meta, tags.typeName, tags.punctuation, tags.separator, tags.operator],
    color: "var(--color-amber-900, oklch(41.4% 0.112 45.904))",
  },
  { tag: tags.invalid, color: "var(--color-rose-800, oklch(45.5% 0.188 13.697))" },
]);

/** Tag hints: the tag list with each tag's definition, inside `tags:` (basicSetup's autocompletion shows them). */
function tagHints(context: CompletionContext): CompletionResult | null {
  const line = context.state.doc.lineAt(context.pos);
  const previous = line.number > 1 ? context.state.doc.line(line.number - 1).text : "";
  const hints = tagCompletions(line.text.slice(0, context.pos - line.from), previous);
  if (!hints) return null;
  return {
    from: line.from + hints.from,
    options: hints.options.map((o) => ({ label: o.label, info: o.info, type: "keyword" })),
    validFor: /^[\w-]*$/,
  };
}

/** The scenario's YAML in CodeMirror 6: YAML highlighting, problem markers in the gutter and text. */
export const YamlEditor = forwardRef<YamlEditorHandle, Props>(function YamlEditor(
  { initialText, readOnly, onChange, problems, problemsText, labelledBy, describedBy },
  ref,
) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const readOnlyCompartment = useRef(new Compartment());

  useEffect(() => {
    const created = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: initialText,
        extensions: [
          basicSetup,
          syntaxHighlighting(highlightStyle),
          yaml(),
          EditorState.languageData.of(() => [{ autocomplete: tagHints }]),
          lintGutter(),
          readOnlyCompartment.current.of(EditorState.readOnly.of(readOnly)),
          EditorView.contentAttributes.of({
            "aria-labelledby": labelledBy,
            ...(describedBy ? { "aria-describedby": describedBy } : {}),
            "aria-multiline": "true",
            // Already focusable (contenteditable); said out loud so axe sees the scroller's content can take focus.
            tabindex: "0",
          }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) onChangeRef.current(update.state.doc.toString());
          }),
          EditorView.theme({
            "&": {
              fontSize: "13px",
              height: "100%",
              backgroundColor: "var(--color-white, #fff)",
              color: "var(--color-slate-900, oklch(20.8% 0.042 265.755))",
            },
            ".cm-scroller": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace", lineHeight: "1.5" },
            ".cm-gutters": {
              backgroundColor: "var(--color-slate-50, oklch(98.4% 0.003 247.858))",
              color: "var(--color-slate-600, oklch(44.6% 0.043 257.281))",
              borderRight: "1px solid var(--color-slate-200, oklch(92.9% 0.013 255.508))",
            },
            ".cm-activeLine": { backgroundColor: "color-mix(in oklab, var(--color-brand-100, #d5ecea) 40%, transparent)" },
            ".cm-activeLineGutter": { backgroundColor: "var(--color-slate-100, oklch(96.8% 0.007 247.896))" },
            ".cm-cursor": { borderLeftColor: "var(--color-slate-900, oklch(20.8% 0.042 265.755))" },
          }),
        ],
      }),
    });
    view.current = created;
    return () => {
      created.destroy();
      view.current = null;
    };
    // The editor is created once; text changes flow through its own state.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    view.current?.dispatch({ effects: readOnlyCompartment.current.reconfigure(EditorState.readOnly.of(readOnly)) });
  }, [readOnly]);

  useEffect(() => {
    const v = view.current;
    if (!v || v.state.doc.toString() !== problemsText) return;
    v.dispatch(
      setDiagnostics(
        v.state,
        problems.map((p) => toDiagnostic(v.state, p)),
      ),
    );
  }, [problems, problemsText]);

  useImperativeHandle(ref, () => ({
    goTo(line, col = 1) {
      const v = view.current;
      if (!v) return;
      const pos = positionOf(v.state, line, col);
      v.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      v.focus();
    },
    setText(text) {
      const v = view.current;
      if (!v) return;
      v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: text } });
    },
    focus() {
      view.current?.focus();
    },
    change(compute) {
      const v = view.current;
      if (!v || v.state.readOnly) return null;
      const result = compute(v.state.doc.toString());
      if (result.ok) {
        v.dispatch({
          changes: result.change,
          userEvent: "input.graph",
          // Its own undo step, never merged with typing before or after it.
          annotations: isolateHistory.of("full"),
        });
      }
      return result;
    },
    undo() {
      const v = view.current;
      return v ? undo(v) : false;
    },
    redo() {
      const v = view.current;
      return v ? redo(v) : false;
    },
  }));

  return (
    // The host has the editor's height before CodeMirror mounts (after hydration), so nothing below it moves.
    <div
      ref={host}
      className="h-[min(70vh,640px)] overflow-hidden rounded-md border border-slate-300 bg-white focus-within:ring-2 focus-within:ring-brand-600"
      data-testid="yaml-editor"
    />
  );
});
