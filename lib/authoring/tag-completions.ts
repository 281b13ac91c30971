import { TAGS, TAG_NAMES } from "../scenario/tags";

export interface TagCompletion {
  /** Where the word being completed starts, as an offset into the line. */
  from: number;
  options: { label: string; info: string }[];
}

/**
 * Tag hints for the editor: inside a `tags: [...]` flow list (or on a `- ` item under `tags:`),
 * the tags that start with what is typed, each with its definition. Pure, so it is tested without
 * CodeMirror. `before` is the line's text up to the cursor; `previousLine` the line above.
 */
export function tagCompletions(before: string, previousLine = ""): TagCompletion | null {
  const flow = /^\s*tags:\s*\[([^\]]*)$/.exec(before);
  const block = /^\s*-\s+([\w-]*)$/.exec(before) && /^\s*tags:\s*$/.test(previousLine);
  if (!flow && !block) return null;
  const word = /[\w-]*$/.exec(before)![0];
  const taken = flow
    ? new Set(
        flow[1]!
          .split(",")
          .map((t) => t.trim())
          .filter((t) => t && t !== word),
      )
    : new Set<string>();
  const options = TAG_NAMES.filter((t) => t.startsWith(word) && !taken.has(t)).map((t) => ({ label: t, info: TAGS[t] }));
  return options.length ? { from: before.length - word.length, options } : null;
}
