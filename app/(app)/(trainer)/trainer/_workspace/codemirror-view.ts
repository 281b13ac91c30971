/**
 * The scenario's YAML in CodeMirror 6: YAML highlighting, problem markers in the gutter and text,
 * tag hints. Loaded on demand by `YamlEditor` (yaml-editor.tsx), which shows the text without it
 * until the editor is needed (D78); nothing here is React.
 */
import type { CompletionContext, CompletionResult } from "@codemirror/autocomplete";
import { isolateHistory, redo, undo } from "@codemirror/commands";
import { yaml } from "@codemirror/lang-yaml";
import { lintGutter, setDiagnostics, type Diagnostic } from "@codemirror/lint";
import { Compartment, EditorState } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import { tags } from "@lezer/highlight";
import { basicSetup } from "codemirror";
import type { Problem } from "@/lib/scenario/load";
import { tagCompletions } from "@/lib/authoring/tag-completions";
import type { YamlEditorHandle } from "./yaml-editor";
import { EDITOR_FONT, EDITOR_FONT_SIZE, EDITOR_LINE_HEIGHT } from "./editor-look";

export interface YamlViewOptions {
  parent: HTMLElement;
  text: string;
  readOnly: boolean;
  onChange(text: string): void;
  labelledBy: string;
  describedBy?: string;
  /** Where the caret starts (a character offset), and how far down the text is scrolled. */
  anchor?: number;
  scrollTop?: number;
}

/** What `YamlEditor` asks of the editor once it has started: its handle's methods, and these. */
export interface YamlView extends Omit<YamlEditorHandle, "start"> {
  setReadOnly(readOnly: boolean): void;
  /** Marks `problems` in the text, if the editor still holds `problemsText` (the text they were found in). */
  showProblems(problems: Problem[], problemsText: string): void;
  destroy(): void;
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

/** Starts CodeMirror in `parent` with the scenario's text. */
export function createYamlView({
  parent,
  text,
  readOnly,
  onChange,
  labelledBy,
  describedBy,
  anchor,
  scrollTop,
}: YamlViewOptions): YamlView {
  const readOnlyCompartment = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: text,
      selection: anchor !== undefined ? { anchor: Math.min(Math.max(0, anchor), text.length) } : undefined,
      extensions: [
        basicSetup,
        syntaxHighlighting(highlightStyle),
        yaml(),
        EditorState.languageData.of(() => [{ autocomplete: tagHints }]),
        lintGutter(),
        readOnlyCompartment.of(EditorState.readOnly.of(readOnly)),
        EditorView.contentAttributes.of({
          "aria-labelledby": labelledBy,
          ...(describedBy ? { "aria-describedby": describedBy } : {}),
          "aria-multiline": "true",
          // Already focusable (contenteditable); said out loud so axe sees the scroller's content can take focus.
          tabindex: "0",
        }),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
        EditorView.theme({
          "&": {
            fontSize: EDITOR_FONT_SIZE,
            height: "100%",
            backgroundColor: "var(--color-white, #fff)",
            color: "var(--color-slate-900, oklch(20.8% 0.042 265.755))",
          },
          ".cm-scroller": { fontFamily: EDITOR_FONT, lineHeight: EDITOR_LINE_HEIGHT },
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
  if (scrollTop) view.scrollDOM.scrollTop = scrollTop;

  return {
    goTo(line, col = 1) {
      const pos = positionOf(view.state, line, col);
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: "center" }) });
      view.focus();
    },
    setText(next) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: next } });
    },
    focus() {
      view.focus();
    },
    change(compute) {
      if (view.state.readOnly) return null;
      const result = compute(view.state.doc.toString());
      if (result.ok) {
        view.dispatch({
          changes: result.change,
          userEvent: "input.graph",
          // Its own undo step, never merged with typing before or after it.
          annotations: isolateHistory.of("full"),
        });
      }
      return result;
    },
    undo: () => undo(view),
    redo: () => redo(view),
    setReadOnly(next) {
      view.dispatch({ effects: readOnlyCompartment.reconfigure(EditorState.readOnly.of(next)) });
    },
    showProblems(problems, problemsText) {
      if (view.state.doc.toString() !== problemsText) return;
      view.dispatch(
        setDiagnostics(
          view.state,
          problems.map((p) => toDiagnostic(view.state, p)),
        ),
      );
    },
    destroy: () => view.destroy(),
  };
}
