/**
 * Bundled by `lib/bench/authoring.ts` with esbuild and run in Chromium: the same keystroke and
 * layout figures as in Node, measured in the browser's own engine.
 */
import { layoutMs, timeKeystrokes, typingSession, type KeystrokeTimes } from "./keystrokes";

function keystrokes(text: string, count: number): KeystrokeTimes {
  return timeKeystrokes(typingSession(text, count), () => performance.now());
}

(globalThis as unknown as { steadyBench: unknown }).steadyBench = { keystrokes, layoutMs };
