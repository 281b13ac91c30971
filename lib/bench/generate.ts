import { dump } from "js-yaml";

/**
 * A large, valid scenario for benchmarks: `customerNodes` nodes in a long corridor,
 * each with 4 choices (forward, skip ahead, a conditional branch, and a way out),
 * plus three endings. `padding` adds words to every line to grow the file.
 */
export function generateScenarioYaml(customerNodes: number, padding = 0): string {
  const pad = padding > 0 ? " " + "lorem ipsum ".repeat(padding).trim() : "";
  const tagSets = [
    ["listen"],
    ["acknowledge"],
    ["explore"],
    ["paraphrase", "confirm"],
    ["respond", "commit", "own"],
    ["blame"],
    ["overpromise"],
    ["interrupt"],
  ];
  const nodes: object[] = [];
  for (let i = 0; i < customerNodes; i++) {
    const next = (k: number) => (i + k < customerNodes ? `n${i + k}` : "resolved");
    nodes.push({
      id: `n${i}`,
      customer: [
        { when: "anger >= 80", text: `I am still furious about this (step ${i}).${pad}` },
        { text: `Here is more of my story, part ${i}.${pad}` },
      ],
      choices: [
        {
          id: `n${i}-forward`,
          text: `Go on, I'm listening (${i}).${pad}`,
          tags: tagSets[i % tagSets.length],
          facts: i % 8 === 3 ? ["f1", "f2"] : [],
          mood: { anger: -3, trust: 2 },
          feedback: `Forward at ${i}.`,
          next: next(1),
        },
        {
          id: `n${i}-skip`,
          text: `Let me jump ahead (${i}).${pad}`,
          tags: tagSets[(i + 3) % tagSets.length],
          mood: { anger: 4 },
          feedback: `Skip at ${i}.`,
          next: next(2),
        },
        {
          id: `n${i}-risky`,
          text: `That is not how it works (${i}).${pad}`,
          tags: ["defensive"],
          mood: { anger: 15, trust: -5 },
          feedback: `Risky at ${i}.`,
          next: [{ when: "anger >= 95", to: "hung-up" }, { to: next(1) }],
        },
        {
          id: `n${i}-out`,
          text: `I'll pass you to my supervisor (${i}).${pad}`,
          tags: ["vague-promise"],
          feedback: `Out at ${i}.`,
          next: "escalated",
        },
      ],
    });
  }
  nodes.push(
    { id: "resolved", customer: "Thanks.", ending: { kind: "resolved" } },
    { id: "escalated", customer: "Put them on.", ending: { kind: "escalated" } },
    { id: "hung-up", customer: "Goodbye.", ending: { kind: "hung-up" } },
  );
  return dump(
    {
      id: "generated",
      title: `Generated ${customerNodes}-node scenario`,
      version: 1,
      difficulty: "hard",
      brief: "A generated scenario for benchmarks.",
      persona: { name: "Bench", description: "Generated." },
      mood: { anger: 70, trust: 30 },
      facts: [
        { id: "f1", text: "fact one" },
        { id: "f2", text: "fact two" },
      ],
      start: "n0",
      nodes,
    },
    { noRefs: true, lineWidth: -1 },
  );
}

/** n nodes, each with one choice to the next (or, with `unknown`, to a node that does not exist). */
export function chainYaml(n: number, unknown: boolean, id = "chain"): string {
  const lines = [
    `id: ${id}`,
    "title: Chain",
    "version: 1",
    "difficulty: easy",
    "brief: b",
    "persona: { name: P, description: d }",
    "mood: { anger: 50, trust: 50 }",
    "facts: [{ id: f, text: t }]",
    "start: n0",
    "nodes:",
  ];
  for (let i = 0; i < n; i++) {
    const next = unknown ? `zz${i}` : i === n - 1 ? "end" : `n${i + 1}`;
    lines.push(`  - id: n${i}`, "    customer: hi", "    choices:", `      - { id: c${i}, text: ok, tags: [listen], next: ${next} }`);
  }
  lines.push("  - id: end", "    customer: bye", "    ending: { kind: resolved, summary: s }");
  return lines.join("\n");
}

/** 1 MB of distinct top-level keys (`k0: v`, `k1: v`, …): a hostile input for the loader. */
export function distinctKeysYaml(bytes = 1_000_000): string {
  return Array.from({ length: 100_000 }, (_, i) => `k${i}: v`)
    .join("\n")
    .slice(0, bytes);
}

/** What each stage of `recoveryLoopsYaml` asks of the agent: its tags, and the customer's line there. */
const LOOP_STAGES: { tags: string[]; facts?: string[]; say: string; ask: string }[] = [
  { tags: ["listen"], say: "Tell me what happened, from the start.", ask: "My order came with the wrong item, two days before the event." },
  { tags: ["listen"], say: "What else has gone wrong?", ask: "And nobody answered my emails." },
  { tags: ["acknowledge"], say: "That is a rotten position to be in before an event.", ask: "It is. I was counting on it." },
  { tags: ["explore"], say: "When exactly is the event?", ask: "Saturday morning, nine o'clock." },
  { tags: ["explore"], say: "What would help you most right now?", ask: "The right item, before Saturday." },
  {
    tags: ["acknowledge", "explore"],
    say: "I'm sorry we let you down. What did the emails say?",
    ask: "Only that it was being looked into.",
  },
  {
    tags: ["paraphrase", "confirm"],
    facts: ["wrong-item", "event-saturday", "no-replies"],
    say: "So the wrong item came, the event is Saturday, and nobody replied. Is that right?",
    ask: "Yes, that's it.",
  },
  { tags: ["explore"], say: "Is there anything else I should know?", ask: "No, that's everything." },
  { tags: ["respond", "own"], say: "I'll send the right item by courier today.", ask: "Today? Good." },
  { tags: ["options"], say: "You can keep the wrong one at half price, or I collect it on Monday.", ask: "Collect it on Monday." },
  { tags: ["commit", "own"], say: "I'll email the tracking number by 4 pm today myself.", ask: "Thank you." },
  { tags: ["neutral"], say: "Is there anything else I can do today?", ask: "No, that's all." },
];

/**
 * A 40-node scenario full of ordinary recovery loops, for the analysis benchmark and tests: each of
 * 12 stages has its main node, a node where the customer pushes back on a defensive reply, and a
 * node where they accept an apology; from there the agent goes back to exploring the same stage
 * (the mood is then exactly what it was: the loop can be repeated for ever), back three stages, or on.
 * A defensive reply at the pushback node loops there until the customer hangs up; sending her to the
 * courier leads to a node that can take the problem back (to stage 4). Three endings.
 */
export function recoveryLoopsYaml(): string {
  const n = LOOP_STAGES.length;
  const main = (k: number) => (k < n ? `stage-${k}` : "resolved");
  const nodes: object[] = [];
  LOOP_STAGES.forEach((stage, k) => {
    const third =
      k >= 8
        ? {
            tags: ["overpromise"],
            text: "I guarantee it will be with you first thing tomorrow.",
            mood: { anger: -5, trust: 5 },
            next: main(k + 1),
          }
        : k % 3 === 0
          ? { tags: ["corporate-apology"], text: "We apologise for any inconvenience.", mood: { anger: 5, trust: -5 }, next: main(k + 1) }
          : k % 3 === 1
            ? { tags: ["respond"], text: "Let me just send a replacement.", mood: { anger: 5 }, next: main(k + 2) }
            : { tags: ["jargon"], text: "The SKU was mis-picked at the DC.", mood: { anger: 5, trust: -5 }, next: main(k + 1) };
    nodes.push({
      id: `stage-${k}`,
      customer: [{ when: "anger >= 80", text: `${stage.ask} And I am furious.` }, { text: stage.ask }],
      choices: [
        {
          id: `good-${k}`,
          text: stage.say,
          tags: stage.tags,
          ...(stage.facts ? { facts: stage.facts } : {}),
          mood: { anger: -5, trust: 5 },
          feedback: "The model answer.",
          next: main(k + 1),
        },
        {
          id: `defend-${k}`,
          text: "Our couriers are usually very reliable.",
          tags: ["defensive"],
          mood: { anger: 10, trust: -5 },
          feedback: "Defending the company instead of listening.",
          next: [{ when: "anger >= 90", to: "hung-up" }, { to: `pushback-${k}` }],
        },
        { id: `third-${k}`, feedback: "Not the best answer.", ...third },
        ...(k % 4 === 3
          ? [
              {
                id: `deflect-${k}`,
                text: "You'll need to take that up with the courier.",
                tags: ["deflect"],
                mood: { anger: 10 },
                feedback: "Sends her away.",
                next: "transfer",
              },
            ]
          : []),
      ],
    });
    nodes.push({
      id: `pushback-${k}`,
      customer: [{ when: "anger >= 85", text: "Don't you dare make excuses to me." }, { text: "I don't want excuses, I want my order." }],
      choices: [
        {
          id: `apologise-${k}`,
          text: "You're right, and I'm sorry: that was an excuse.",
          tags: ["acknowledge"],
          mood: { anger: -5, trust: 5 },
          feedback: "Owning the slip repairs it.",
          next: `recovered-${k}`,
        },
        {
          id: `double-down-${k}`,
          text: "I'm only telling you how it works.",
          tags: ["defensive"],
          mood: { anger: 10, trust: -5 },
          feedback: "Digging in.",
          next: [{ when: "anger >= 90", to: "hung-up" }, { to: `pushback-${k}` }],
        },
        {
          id: `calm-down-${k}`,
          text: "Please calm down.",
          tags: ["calm-down"],
          mood: { anger: 15 },
          feedback: "Never tell a customer to calm down.",
          next: [{ when: "anger >= 85", to: "hung-up" }, { to: "escalated" }],
        },
      ],
    });
    nodes.push({
      id: `recovered-${k}`,
      customer: "Fine. Where were we?",
      choices: [
        {
          id: `explore-again-${k}`,
          text: "Can you tell me more about that?",
          tags: ["explore"],
          mood: { anger: -5 },
          feedback: "Back to exploring.",
          next: `stage-${k}`,
        },
        {
          id: `back-to-story-${k}`,
          text: "Let's go back: tell me again how it started.",
          tags: ["listen"],
          mood: { anger: -5 },
          feedback: "Back to listening.",
          next: `stage-${Math.max(0, k - 3)}`,
        },
        { id: `move-on-${k}`, text: "Let's move on.", tags: ["neutral"], feedback: "Moving on.", next: main(k + 1) },
      ],
    });
  });
  nodes.push(
    { id: "resolved", customer: "Thank you, that's sorted then.", ending: { kind: "resolved" } },
    { id: "escalated", customer: "Put me through to your manager.", ending: { kind: "escalated" } },
    { id: "hung-up", customer: "I've had enough. Goodbye.", ending: { kind: "hung-up" } },
    {
      id: "transfer",
      customer: "The courier? You sold it to me. Who do I talk to, then?",
      choices: [
        {
          id: "take-it-back",
          text: "You're right, it's ours to fix. Tell me what you need by Saturday.",
          tags: ["acknowledge", "explore", "own"],
          mood: { anger: -10, trust: 5 },
          feedback: "Taking the problem back.",
          next: "stage-4",
        },
        {
          id: "put-through",
          text: "I'll put you through to a supervisor.",
          tags: ["vague-promise"],
          feedback: "Passing her on.",
          next: "escalated",
        },
      ],
    },
  );
  return dump(
    {
      id: "recovery-loops",
      title: "Recovery loops (generated)",
      version: 1,
      difficulty: "hard",
      brief: "A generated scenario with a recovery loop at every stage, for the analysis benchmark.",
      persona: { name: "Bench", description: "Generated." },
      mood: { anger: 80, trust: 30 },
      facts: [
        { id: "wrong-item", text: "The wrong item was shipped" },
        { id: "event-saturday", text: "The event is on Saturday" },
        { id: "no-replies", text: "Nobody answered her emails" },
      ],
      start: "stage-0",
      nodes,
    },
    { noRefs: true, lineWidth: -1 },
  );
}
