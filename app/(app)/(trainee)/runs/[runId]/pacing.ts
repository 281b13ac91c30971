/**
 * The customer's "typing" pause: after the trainee answers, the reply appears after a pause
 * sized to its length (a short line comes quickly, a long one takes longer), capped so that
 * the call never drags. The time the server took to answer counts towards the pause, and the
 * trainee can skip it (a click or a key); under prefers-reduced-motion there is none.
 */
export const PAUSE_MIN_MS = 400;
export const PAUSE_MAX_MS = 1600;
const PAUSE_BASE_MS = 300;
const PAUSE_PER_CHAR_MS = 8;

/** The whole pause before a customer line of this text, in milliseconds (400–1,600). */
export function typingPauseMs(line: string): number {
  const chars = line.trim().length;
  return Math.round(Math.min(PAUSE_MAX_MS, Math.max(PAUSE_MIN_MS, PAUSE_BASE_MS + chars * PAUSE_PER_CHAR_MS)));
}

/**
 * What is left of the pause when the reply arrives `elapsedMs` after the trainee chose (0: show
 * it now). No pause at all when the trainee prefers reduced motion or has skipped it.
 */
export function remainingPauseMs(
  line: string,
  elapsedMs: number,
  { reducedMotion, skipped }: { reducedMotion: boolean; skipped: boolean },
): number {
  if (reducedMotion || skipped) return 0;
  return Math.max(0, typingPauseMs(line) - Math.max(0, elapsedMs));
}
