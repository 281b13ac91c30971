/**
 * What the workspace accepts as scenario text, checked before anything in the editor is
 * replaced: an imported file must be UTF-8 text of at most 1 MB (a PNG picked by mistake is
 * refused with a message, not pasted into the editor as junk), and a local draft that is not
 * text (one saved before this check existed) is never restored.
 */
export const MAX_IMPORT_BYTES = 1024 * 1024;

export type ImportCheck = { ok: true; text: string } | { ok: false; message: string };

/** Types a browser gives files that are certainly not YAML. */
const NOT_TEXT = /^(image|audio|video|font)\/|^application\/(pdf|zip|gzip|x-7z-compressed|x-rar-compressed|x-tar|vnd\.)/;

/**
 * C0 control characters other than tab, line feed and carriage return, DEL, and U+FFFD (what a
 * decoder puts in place of bytes that are not UTF-8): none can be in a YAML file, all are in binary files.
 */
const NOT_YAML_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F\uFFFD]/;

/** Why `text` cannot be scenario text, or null when it can. */
export function textProblem(text: string): string | null {
  const bad = NOT_YAML_CHARACTERS.exec(text);
  if (!bad) return null;
  return bad[0] === "\uFFFD" ? "it is not UTF-8 text" : "it contains binary data (control characters that YAML does not allow)";
}

function refusal(name: string, why: string): string {
  return `${name} was not imported: ${why}. Choose a .yaml scenario file.`;
}

/** What can be told from the file's name, type and size, before reading it; null when nothing. */
export function refuseBeforeReading(file: { name: string; type: string; size: number }): string | null {
  if (file.size > MAX_IMPORT_BYTES) return refusal(file.name, "it is larger than 1 MB, and a scenario is far smaller");
  if (file.size === 0) return refusal(file.name, "the file is empty");
  if (NOT_TEXT.test(file.type)) return refusal(file.name, `its type is ${file.type}, not text`);
  return null;
}

/** The file's text, or a message saying why it is not scenario text. */
export function checkImportedFile(file: { name: string; type: string; bytes: Uint8Array }): ImportCheck {
  const early = refuseBeforeReading({ ...file, size: file.bytes.byteLength });
  if (early) return { ok: false, message: early };
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(file.bytes);
  } catch {
    return { ok: false, message: refusal(file.name, "it is not UTF-8 text") };
  }
  const problem = textProblem(text);
  return problem ? { ok: false, message: refusal(file.name, problem) } : { ok: true, text };
}
