/** Types for compile-hints.mjs (plain JavaScript, so `npm run build` needs no TypeScript loader). */
export declare const COMPILE_HINT: string;
export declare function startupChunks(nextDir: string): string[];
export declare function addCompileHints(nextDir: string): { chunks: number; marked: number; bytes: number };
