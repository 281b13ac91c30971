/**
 * Every rule the scorer can apply, with the points it moves and the words a trainee
 * reads in the debrief. Points for fact coverage are computed per fact; the figure
 * here is the total for covering every key fact.
 */
/**
 * The version of the rubric below. Raise it with any change that can move a score (a rule, a
 * point value, a base, the tag meanings): stored runs record the version that scored them and
 * are re-scored from their saved choices when it changes (lib/data/runs/rescore-runs.server.ts).
 */
export const RUBRIC_VERSION = 2;

export type Dimension = "laer" | "reflectiveListening" | "promises" | "professionalism";

export const DIMENSIONS: readonly Dimension[] = ["laer", "reflectiveListening", "promises", "professionalism"];

/**
 * The skill with the lowest score (the one home of "weakest skill"); missing scores are skipped and
 * ties go to the skill listed first in the rubric. Callers say which scores they pass: the latest
 * call's, or an average over recent calls.
 */
export function lowestDimension(scores: Record<Dimension, number | null>): Dimension | null {
  let lowest: Dimension | null = null;
  for (const d of DIMENSIONS) {
    const s = scores[d];
    if (s === null) continue;
    if (lowest === null || s < (scores[lowest] as number)) lowest = d;
  }
  return lowest;
}

export const DIMENSION_LABELS: Record<Dimension, string> = {
  laer: "LAER flow",
  reflectiveListening: "Reflective listening",
  promises: "Promises",
  professionalism: "Professionalism",
};

/**
 * Where each dimension starts before any rule applies. Points are earned: only Professionalism
 * starts above zero, and it is earned up from there turn by turn (see `calm-reply`). Gains on a
 * dimension are capped at 100 minus its base, so a reward can never hide a penalty.
 */
export const BASE: Record<Dimension, number> = { laer: 0, reflectiveListening: 0, promises: 0, professionalism: 35 };

/** Most points `calm-reply` can add to Professionalism in one call. */
export const CALM_REPLY_CAP = 30;

export interface RuleInfo {
  dimension: Dimension;
  label: string;
  points: number;
  critical?: true;
  /** Why the rule gave or took points, in the trainee's language. */
  why: string;
}

export const RULES = {
  // LAER flow
  "listened-first": {
    dimension: "laer",
    label: "Listened first",
    points: 20,
    why: "You let the customer tell the whole story before offering a fix.",
  },
  "acknowledged-feelings": {
    dimension: "laer",
    label: "Acknowledged feelings",
    points: 15,
    why: "You validated how the customer feels before solving.",
  },
  "explored-problem": {
    dimension: "laer",
    label: "Explored the problem",
    points: 15,
    why: "You asked an open question to understand the problem before solving.",
  },
  "listened-after-fix": {
    dimension: "laer",
    label: "Went back to listening",
    points: 15,
    why: "After jumping to a fix, you stopped and let the customer tell the story: a real recovery.",
  },
  "acknowledged-after-fix": {
    dimension: "laer",
    label: "Went back to acknowledge",
    points: 15,
    why: "After jumping to a fix, you went back and acknowledged how the customer feels.",
  },
  "explored-after-fix": {
    dimension: "laer",
    label: "Went back to explore",
    points: 15,
    why: "After jumping to a fix, you went back and asked about the problem before solving it.",
  },
  "owned-next-step": {
    dimension: "laer",
    label: "Concrete next step",
    points: 15,
    why: "Once you understood the problem, you proposed a concrete, owned next step.",
  },
  "laer-in-order": {
    dimension: "laer",
    label: "LAER in order",
    points: 10,
    why: "Listen, Acknowledge, Explore, then Respond: the four stages came in order.",
  },
  "offered-options": {
    dimension: "laer",
    label: "Offered options",
    points: 15,
    why: "Giving the customer a choice of options hands back some control.",
  },
  "solving-too-soon": {
    dimension: "laer",
    label: "Solving too soon",
    points: -10,
    why: "You offered a solution before acknowledging the customer's feelings and exploring the problem. A fix offered this early earns no next-step credit.",
  },
  interrupting: {
    dimension: "laer",
    label: "Interrupting",
    points: -10,
    why: "Cutting the customer off tells them they are not being heard.",
  },
  "shut-the-customer-down": {
    dimension: "laer",
    label: "Shut the customer down",
    points: -5,
    why: 'Blame, excuses, "that\'s our policy" or "calm down" stop the customer feeling heard: the listening and acknowledging you did is undone.',
  },
  "undercut-the-next-step": {
    dimension: "laer",
    label: "Undercut the next step",
    points: -5,
    why: "After a good next step, a vague or impossible promise makes the customer doubt it.",
  },
  "customer-hung-up": {
    dimension: "laer",
    label: "The customer hung up",
    points: -15,
    why: "The call ended with the customer hanging up: the flow never reached a response that held.",
  },
  "call-escalated": {
    dimension: "laer",
    label: "The call was escalated",
    points: -5,
    why: "The customer asked for someone else: the response you offered did not hold.",
  },
  "acknowledge-loop": {
    dimension: "laer",
    label: "Acknowledging without moving on",
    points: -10,
    why: "A third acknowledgement in a row with no question or step forward sounds scripted.",
  },
  // Reflective listening
  "paraphrase-before-solution": {
    dimension: "reflectiveListening",
    label: "Summarised before solving",
    points: 35,
    why: "You summed up the problem in your own words before proposing a fix.",
  },
  "paraphrase-after-solution": {
    dimension: "reflectiveListening",
    label: "Summarised late",
    points: 25,
    why: "You summed up the problem, but only after proposing a fix (half credit).",
  },
  "fact-covered": {
    dimension: "reflectiveListening",
    label: "Key fact covered",
    points: 40,
    why: "Your summary included a key fact of the customer's problem.",
  },
  "summary-confirmed": {
    dimension: "reflectiveListening",
    label: "Checked the summary",
    points: 20,
    why: "You checked with the customer that your summary was right.",
  },
  "summary-corrected": {
    dimension: "reflectiveListening",
    label: "Summary needed correcting",
    points: -10,
    why: "Your first summary left out something the customer had told you, so they had to correct it. Only the summary they could agree with counts in full.",
  },
  "wrong-fact": {
    dimension: "reflectiveListening",
    label: "Got a fact wrong",
    points: -45,
    why: "Your summary got a key fact wrong, which tells the customer you were not listening.",
  },
  // Promises
  "next-step-without-time": {
    dimension: "promises",
    label: "A next step, no time yet",
    points: 30,
    why: "You told the customer what you would do. A time and an owner would make it a commitment they can hold you to.",
  },
  "realistic-commitment": {
    dimension: "promises",
    label: "Realistic commitment",
    points: 60,
    why: "You committed to something you control, with an owner and a time.",
  },
  "commitment-after-overpromise": {
    dimension: "promises",
    label: "Realistic commitment, after an overpromise",
    points: 15,
    why: "You replaced an impossible promise with a realistic commitment. It helps, but the customer has now heard two stories, so it earns less than getting it right first time.",
  },
  "walked-back-overpromise": {
    dimension: "promises",
    label: "Walked back the overpromise",
    points: 25,
    why: "You told the customer honestly that you could not keep the earlier promise. The overpromise still fails the call, but the customer now knows what to rely on.",
  },
  "vague-promise": {
    dimension: "promises",
    label: "Vague promise",
    points: -5,
    why: "A promise with no owner or no time leaves the customer chasing you.",
  },
  overpromise: {
    dimension: "promises",
    label: "Overpromise",
    points: -70,
    critical: true,
    why: "You guaranteed something outside your control. Broken promises turn a bad call into a lost customer. Critical error.",
  },
  // Professionalism
  "calm-reply": {
    dimension: "professionalism",
    label: "Calm, professional reply",
    points: 10,
    why: "A reply with no blame, excuses, jargon or scripts. Professionalism is earned reply by reply.",
  },
  ownership: {
    dimension: "professionalism",
    label: "Calm ownership",
    points: 25,
    why: "You took personal ownership of the problem, calmly.",
  },
  "respectful-boundary": {
    dimension: "professionalism",
    label: "Respectful boundary",
    points: 10,
    why: "You set a calm, respectful boundary about abusive language.",
  },
  blame: {
    dimension: "professionalism",
    label: "Blaming the customer",
    points: -30,
    why: 'Blame and "why didn\'t you" questions put the customer on the defensive.',
  },
  defensiveness: {
    dimension: "professionalism",
    label: "Defensive",
    points: -20,
    why: "Defending the company instead of listening escalates the call.",
  },
  "policy-deflection": {
    dimension: "professionalism",
    label: "Hiding behind policy",
    points: -10,
    why: '"That\'s our policy" or "go to our website" tells the customer you will not help.',
  },
  "told-to-calm-down": {
    dimension: "professionalism",
    label: '"Calm down"',
    points: -35,
    why: "Telling an upset person to calm down almost always makes them angrier.",
  },
  jargon: { dimension: "professionalism", label: "Jargon", points: -5, why: "Internal terms confuse the customer; use plain language." },
  "corporate-apology": {
    dimension: "professionalism",
    label: "Corporate apology",
    points: -5,
    why: "A scripted apology sounds insincere; make it personal and specific.",
  },
  "repeated-stock-sympathy": {
    dimension: "professionalism",
    label: "Stock sympathy again",
    points: -5,
    why: "Repeating a stock line of sympathy, when the customer wants the problem handled, sounds like a script and wastes their time.",
  },
  "sales-pitch": {
    dimension: "professionalism",
    label: "Sales pitch during a complaint",
    points: -20,
    why: "Selling to someone who called to complain tells them their problem matters less than the sale.",
  },
  hostility: {
    dimension: "professionalism",
    label: "Matched hostility",
    points: -40,
    critical: true,
    why: "You answered hostility with hostility. Critical error.",
  },
  "false-reassurance": {
    dimension: "professionalism",
    label: "False reassurance",
    points: -10,
    why: "Telling an upset customer what they want to hear, when you cannot deliver it, is unprofessional as well as a broken promise.",
  },
  "lost-the-customer": {
    dimension: "professionalism",
    label: "Lost the customer",
    points: -25,
    why: "The customer hung up: whatever was said last, the call was not handled.",
  },
  "ended-without-warning": {
    dimension: "professionalism",
    label: "Ended without warning",
    points: -10,
    why: "You ended the call on an abusive caller without first setting a respectful boundary and saying what would happen.",
  },
  "ended-on-customer": {
    dimension: "professionalism",
    label: "Ended the call on the customer",
    points: -35,
    critical: true,
    why: "You ended the call on a customer who was upset but not abusive. Only an abusive caller, after a respectful warning, is a reason to end a call. Critical error.",
  },
} as const satisfies Record<string, RuleInfo>;

export type RuleId = keyof typeof RULES;

/** Missed opportunities, reported once per run with the points they would have earned. */
export const FINDINGS = {
  "never-listened": {
    dimension: "laer",
    label: "Didn't invite the full story before solving",
    why: 'Before solving, let the customer vent and ask "what else?".',
  },
  "never-acknowledged": {
    dimension: "laer",
    label: "Didn't acknowledge feelings before solving",
    why: "Name the feeling and apologise sincerely before solving.",
  },
  "never-explored": {
    dimension: "laer",
    label: "Didn't explore before solving",
    why: "Ask an open, non-accusatory question before solving.",
  },
  "no-next-step": { dimension: "laer", label: "No next step", why: "The call needs a concrete, owned next step." },
  "no-paraphrase": {
    dimension: "reflectiveListening",
    label: "No summary",
    why: "Sum up the problem in your own words and check it, before solving.",
  },
  "facts-missed": { dimension: "reflectiveListening", label: "Key facts missed", why: "Your summary left out key facts." },
  "summary-unconfirmed": {
    dimension: "reflectiveListening",
    label: "Summary not checked",
    why: 'Ask "did I get that right?" after summarising.',
  },
  "no-commitment": {
    dimension: "promises",
    label: "No commitment",
    why: "Leave the customer with a realistic commitment: who will do what, by when.",
  },
} as const satisfies Record<string, Omit<RuleInfo, "points">>;

export type FindingId = keyof typeof FINDINGS;

/** Labels of the critical errors stored on a run ("overpromise,hostility"). */
export function criticalErrorLabels(stored: string | null | undefined): string[] {
  if (!stored) return [];
  return stored
    .split(",")
    .map((id) => id.trim())
    .filter((id) => id.length > 0)
    .map((id) => (id in RULES ? RULES[id as RuleId].label : id));
}
