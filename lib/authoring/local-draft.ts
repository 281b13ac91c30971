/**
 * Unsaved editor text kept in the browser's localStorage, so a reload or a crash loses nothing.
 * Keyed by scenario and the version the text was based on: after someone saves a newer version,
 * an old draft is still found under its own base and is never mixed up with the new one.
 */
export interface LocalDraft {
  text: string;
  savedAt: string;
}

type DraftStorage = Pick<Storage, "getItem" | "setItem" | "removeItem">;

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
    return typeof value.text === "string" && typeof value.savedAt === "string" ? { text: value.text, savedAt: value.savedAt } : null;
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
