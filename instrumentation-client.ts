import { config } from "zod/v4/core";

/**
 * Runs in the browser before the app hydrates. Zod compiles object parsers with `new Function`
 * when it may, and probes for that on first use; the Content-Security-Policy (proxy.ts) forbids
 * eval, so the probe was a CSP violation on every page that checks scenario YAML. Jitless
 * parsing gives the same results without eval.
 */
config({ jitless: true });
