import { z } from "zod";

/** Ids name nodes, choices and facts; they appear in URLs and CLI arguments. */
const Id = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-_]*$/, "ids use lower-case letters, digits, - and _ (e.g. `opening-vent`)")
  .max(80, "ids are at most 80 characters");

const Text = z.string().trim().min(1, "text must not be empty").max(4000, "text is at most 4000 characters");
const Percent = z.number().int("use a whole number").min(0, "at least 0").max(100, "at most 100");
const Delta = z.number().int("use a whole number").min(-100, "at least -100").max(100, "at most 100");

export const MoodSchema = z.strictObject({ anger: Percent, trust: Percent });
export const MoodEffectSchema = z.strictObject({ anger: Delta.optional(), trust: Delta.optional() });

export const LineVariantSchema = z.strictObject({ when: z.string().optional(), text: Text });
export const CustomerLineSchema = z.union([Text, z.array(LineVariantSchema).min(1, "give at least one line")]);

export const BranchSchema = z.strictObject({ when: z.string().optional(), to: Id });
export const NextSchema = z.union([Id, z.array(BranchSchema).min(1, "give at least one branch")]);

export const ChoiceSchema = z.strictObject({
  id: Id,
  text: Text,
  tags: z.array(z.string()).min(1, "a choice needs at least one tag (see the tag list in README)"),
  facts: z.array(Id).optional(),
  wrongFacts: z.array(Id).optional(),
  mood: MoodEffectSchema.optional(),
  feedback: Text.optional(),
  next: NextSchema,
});

export const ENDING_KINDS = ["resolved", "escalated", "hung-up", "agent-ended"] as const;
export type EndingKind = (typeof ENDING_KINDS)[number];

export const EndingSchema = z.strictObject({
  kind: z.enum(ENDING_KINDS),
  summary: Text.optional(),
});

export const NodeSchema = z.strictObject({
  id: Id,
  customer: CustomerLineSchema,
  /** The customer is abusive here (insults, threats): ending the call after a warning is then legitimate. */
  abusive: z.boolean().optional(),
  choices: z
    .array(ChoiceSchema)
    .min(1, "a node needs at least one choice, or an `ending`")
    .max(5, "at most 5 choices per node (the player maps them to keys 1-5)")
    .optional(),
  ending: EndingSchema.optional(),
});

export const WeightsSchema = z.strictObject({
  laer: Percent,
  reflectiveListening: Percent,
  promises: Percent,
  professionalism: Percent,
});

export const ScenarioSchema = z.strictObject({
  id: Id,
  title: Text,
  version: z.number().int("use a whole number").min(1, "versions start at 1"),
  difficulty: z.enum(["easy", "medium", "hard"]),
  brief: Text,
  persona: z.strictObject({ name: Text, description: Text }),
  mood: MoodSchema,
  facts: z
    .array(z.strictObject({ id: Id, text: Text }))
    .min(1, "list the key facts a good paraphrase must cover")
    .max(30, "at most 30 key facts"),
  scoring: z.strictObject({ weights: WeightsSchema.optional(), passMark: Percent.optional() }).optional(),
  start: Id,
  nodes: z.array(NodeSchema).min(1, "a scenario needs at least one node"),
});

export type ScenarioSource = z.infer<typeof ScenarioSchema>;
export type NodeSource = z.infer<typeof NodeSchema>;
export type ChoiceSource = z.infer<typeof ChoiceSchema>;
export type Weights = z.infer<typeof WeightsSchema>;

// ------------------------------------------------------------------ format 2

/** The newest format this loader reads. A file without `format` is format 1. */
export const LATEST_FORMAT = 2;

/** Flags and variables are named like ids, starting with a letter (they appear inside conditions and texts). */
const FlagId = z
  .string()
  .regex(/^[a-z][a-z0-9-_]*$/, "flags use lower-case letters, digits, - and _, starting with a letter (e.g. `promised-today`)")
  .max(80, "flags are at most 80 characters");

export const MAX_FLAGS = 30;

const RuleOverride = z.union([
  z.literal("off"),
  z.literal(false),
  z.strictObject({ skip: z.array(Id).min(1, "name at least one rule to skip") }),
]);

export const ChoiceSchemaV2 = ChoiceSchema.extend({
  when: z.string().optional(),
  sets: z.array(FlagId).optional(),
  clears: z.array(FlagId).optional(),
  rules: RuleOverride.optional(),
}).strict();

export const NodeSchemaV2 = NodeSchema.extend({
  choices: z
    .array(ChoiceSchemaV2)
    .min(1, "a node needs at least one choice, or an `ending`")
    .max(5, "at most 5 choices per node (the player maps them to keys 1-5)")
    .optional(),
}).strict();

export const RuleSchema = z.strictObject({
  id: Id,
  after: z.union([z.literal("any-choice"), z.array(z.string()).min(1, "list at least one tag, or write `any-choice`")]).optional(),
  when: z.string(),
  to: Id,
});

export const ScenarioSchemaV2 = ScenarioSchema.extend({
  format: z.literal(2),
  variables: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
  flags: z.array(FlagId).max(MAX_FLAGS, `at most ${MAX_FLAGS} flags`).optional(),
  rules: z.array(RuleSchema).optional(),
  /** Anchor-only content (`&name`), used elsewhere through aliases and merge keys; never read itself. */
  snippets: z.unknown().optional(),
  nodes: z.array(NodeSchemaV2).min(1, "a scenario needs at least one node"),
}).strict();

export type ScenarioSourceV2 = z.infer<typeof ScenarioSchemaV2>;
export type ChoiceSourceV2 = z.infer<typeof ChoiceSchemaV2>;
export type RuleSource = z.infer<typeof RuleSchema>;
