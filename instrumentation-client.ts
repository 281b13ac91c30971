/**
 * Runs in the browser before the app hydrates. Zod compiles object parsers with `new Function`
 * when it may, and probes for that as each object schema is built; the Content-Security-Policy
 * (proxy.ts) forbids eval, so the probe was a CSP violation report on every page that checks
 * scenario YAML. Jitless parsing gives the same results without eval.
 *
 * Zod keeps its configuration on `globalThis.__zod_globalConfig` (so every copy of zod on a page
 * shares it); it is set here without importing zod, which would put ~7 KB (gzip) of zod on every
 * page. lib/http/zod-jitless.test.ts checks that zod still reads it from there.
 */
export const ZOD_GLOBAL_CONFIG = "__zod_globalConfig";

const store = globalThis as Record<string, unknown>;
store[ZOD_GLOBAL_CONFIG] = { ...(store[ZOD_GLOBAL_CONFIG] as object | undefined), jitless: true };
