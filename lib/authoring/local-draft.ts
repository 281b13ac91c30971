import { textProblem } from "./import-check";

/**
 * Unsaved editor text kept in the browser's localStorage, so a reload or a crash loses nothing.
 * Keyed by scenario and the version the text was based on: after someone saves a newer version,
 * an old draft is still found under its own base and is never mixed up with the new one.
 * A draft that is not text (binary junk from an import before import-check.ts) is never read.
 */
export interface LocalDraft {
  text: string;
  savedAt: string;
}

type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem"> & Partial<Pick<Storage, "key" | "length">>;

export function draftKey(scenarioId: string | null, baseVersion: number): string {
  return `steady:scenario-draft:${scenarioId ?? "(new)"}:v${baseVersion}`;
}

function storage(): DraftStorage | null {
  try {
    return typeof window === "undefined" ? null : window.localStorage;
  } catch {
    return null; // storage disabled (privacy mode): drafts just are not kept
  }
}

export function readLocalDraft(key: string, store: DraftStorage | null = storage()): LocalDraft | null {
  try {
    const raw = store?.getItem(key);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<LocalDraft>;
    if (typeof value.text !== "string" || typeof value.savedAt !== "string" || textProblem(value.text)) return null;
    return { text: value.text, savedAt: value.savedAt };
  } catch {
    return null;
  }
}

/** false when the browser refused (quota, disabled storage). */
export function writeLocalDraft(key: string, text: string, store: DraftStorage | null = storage(), now = new Date()): boolean {
  try {
    if (!store) return false;
    store.setItem(key, JSON.stringify({ text, savedAt: now.toISOString() } satisfies LocalDraft));
    return true;
  } catch {
    return false;
  }
}

export function clearLocalDraft(key: string, store: DraftStorage | null = storage()): void {
  try {
    store?.removeItem(key);
  } catch {
    // nothing to clear
  }
}

/**
 * The newest local draft of a scenario on any base version up to `latestVersion`: a draft made
 * on an older version (someone saved since, or the save was refused) is found after a reload too.
 */
export function findLocalDraft(
  scenarioId: string | null,
  latestVersion: number,
  store: DraftStorage | null = storage(),
): { key: string; baseVersion: number; draft: LocalDraft } | null {
  let best: { key: string; baseVersion: number; draft: LocalDraft } | null = null;
  const unreadable: string[] = [];
  try {
    const prefix = draftKey(scenarioId, 0).replace(/0$/, "");
    const count = store?.length ?? 0;
    for (let i = 0; i < count; i++) {
      const key = store?.key?.(i);
      if (!key?.startsWith(prefix)) continue;
      const baseVersion = Number(key.slice(prefix.length));
      if (!Number.isInteger(baseVersion) || baseVersion > latestVersion || (best && best.baseVersion >= baseVersion)) continue;
      const draft = readLocalDraft(key, store);
      if (draft) best = { key, baseVersion, draft };
      else if (store?.getItem(key)) unreadable.push(key);
    }
    // Drafts that are not text are removed, so they cannot come back in any editor.
    for (const key of unreadable) store?.removeItem(key);
  } catch {
    return null;
  }
  return best;
}

/** After a save of `version`: drafts on that base or older are out of date, whatever tab made them. */
export function clearLocalDraftsUpTo(scenarioId: string, version: number, store: DraftStorage | null = storage()): void {
  try {
    const prefix = draftKey(scenarioId, 0).replace(/0$/, "");
    const doomed: string[] = [];
    for (let i = 0; i < (store?.length ?? 0); i++) {
      const key = store?.key?.(i);
      if (!key?.startsWith(prefix)) continue;
      const baseVersion = Number(key.slice(prefix.length));
      if (Number.isInteger(baseVersion) && baseVersion <= version) doomed.push(key);
    }
    for (const key of doomed) store?.removeItem(key);
  } catch {
    // nothing to clear
  }
}
