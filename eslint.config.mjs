// ESLint: TypeScript, React hooks and Next's rules, plus the layer boundaries (README "Project
// layout"). `npm run lint` is part of `npm test`.
import nextPlugin from "@next/eslint-plugin-next";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

/** Two rules of our own: what no import rule can see. */
const layers = {
  rules: {
    // A client component ("use client") must never import a server module.
    "no-server-in-client": {
      meta: { type: "problem", schema: [] },
      create(context) {
        const isClient = context.sourceCode.ast.body.some((s) => s.type === "ExpressionStatement" && s.directive === "use client");
        if (!isClient) return {};
        return {
          ImportDeclaration(node) {
            if (node.importKind === "type") return;
            if (/\.server(\.tsx?)?$|^server-only$/.test(node.source.value)) {
              context.report({ node, message: `a client component imports the server module "${node.source.value}"` });
            }
          },
        };
      },
    },
    // Every *.server.ts module starts with `import "server-only"`, so Next refuses to bundle it for the browser.
    "server-only-first": {
      meta: { type: "problem", schema: [] },
      create(context) {
        if (!/\.server\.tsx?$/.test(context.filename)) return {};
        return {
          Program(program) {
            const first = program.body.find((s) => s.type !== "ExpressionStatement" || !s.directive);
            if (!first || first.type !== "ImportDeclaration" || first.source.value !== "server-only") {
              context.report({ node: first ?? program, message: 'a .server module must start with `import "server-only";`' });
            }
          },
        };
      },
    },
  },
};

const TEST_FILES = ["**/*.test.ts", "**/*.test.tsx", "e2e/**", "lib/testing/**", "lib/bench/**"];
const NO_TEST_HELPERS = { group: ["**/testing/*", "**/testing/**"], message: "production code must not import test helpers (lib/testing)" };
const NO_DATA_FROM_DB = {
  group: ["**/data/*", "**/data/**", "**/seed/**"],
  message: "lib/db is infrastructure: it must not import the data layer or seeding",
};
const CORE_ONLY = {
  group: [
    "../*/**",
    "!../scenario/**",
    "!../customer/**",
    "!../scoring/**",
    "!../analysis/**",
    "@/**",
    "node:*",
    "react",
    "react-dom",
    "next",
    "next/**",
    "@prisma/**",
    "pg",
    "better-sqlite3",
    "server-only",
  ],
  message: "the domain core (lib/scenario, customer, scoring, analysis) imports nothing outside itself",
};

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      ".next/**",
      "lib/db/generated/**",
      "next-env.d.ts",
      "data/**",
      "test-results/**",
      "playwright-report/**",
      "public/**",
    ],
  },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.tsx", "**/*.mjs"],
    plugins: { "react-hooks": reactHooks, "@next/next": nextPlugin, layers },
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs["core-web-vitals"].rules,
      "layers/no-server-in-client": "error",
      "layers/server-only-first": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
    },
  },
  // Production code never imports test helpers.
  // Links come from app/_components/link.tsx (no automatic prefetch, D74).
  {
    files: ["**/*.ts", "**/*.tsx"],
    ignores: [...TEST_FILES, "app/_components/link.tsx"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [NO_TEST_HELPERS],
          paths: [{ name: "next/link", message: "Import Link from @/app/_components/link (no automatic prefetch, D74)." }],
        },
      ],
    },
  },
  // Infrastructure never imports the data layer.
  {
    files: ["lib/db/**"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [NO_TEST_HELPERS, NO_DATA_FROM_DB] }] },
  },
  // The domain core imports only itself (and its libraries: zod, js-yaml, xstate).
  {
    files: ["lib/scenario/**", "lib/customer/**", "lib/scoring/**", "lib/analysis/**"],
    ignores: TEST_FILES,
    rules: { "no-restricted-imports": ["error", { patterns: [NO_TEST_HELPERS, CORE_ONLY] }] },
  },
  // Inside the core, dependencies run one way: scenario ← customer ← scoring ← analysis (no loops).
  {
    files: ["lib/scenario/**", "lib/customer/**", "lib/scoring/**"],
    ignores: TEST_FILES,
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            NO_TEST_HELPERS,
            CORE_ONLY,
            { group: ["../analysis/*", "../analysis/**"], message: "the analysis builds on the scorer, not the other way round" },
          ],
        },
      ],
    },
  },
);
