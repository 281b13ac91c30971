// Vitest stands in for Next here: `server-only` throws outside a React Server environment.
export {};
