/**
 * The tag vocabulary. Every choice carries at least one tag; the scorer reads only
 * tags (plus the facts a paraphrase covers), never the wording of a choice.
 */
export const TAGS = {
  listen: 'Lets the customer vent or invites the full story ("tell me everything", "what else?").',
  acknowledge: "Validates the customer's feelings or apologises sincerely, naming what went wrong or what it costs them.",
  explore: "Asks an open, non-accusatory question to understand the problem.",
  respond:
    "Proposes or takes a concrete next step on the problem (a fix, a refund request, a transfer). Not a question, sympathy or a promise on its own.",
  options: "Offers the customer a choice between (ideally two) workable options.",
  interrupt: "Cuts the customer off or talks over them.",
  paraphrase: "Sums up the customer's problem in the agent's own words (list the facts it covers in `facts`).",
  confirm: 'Checks the summary with the customer ("did I get that right?").',
  commit: 'A realistic commitment with an owner and a time ("I\'ll update you by 3 pm").',
  "vague-promise": 'A commitment with no owner or no time ("someone will get back to you").',
  overpromise:
    'A guarantee outside the agent\'s control, "right away" when another team must act, or "this will never happen again". Critical.',
  "walk-back": 'Honestly takes back an earlier promise the agent cannot keep ("I shouldn\'t have said today; here is what I can promise").',
  own: 'Calm, personal ownership of the problem ("I\'ll take care of this").',
  boundary: 'A respectful boundary with an abusive caller ("I want to help, and I need us to keep this respectful").',
  "end-call": "The agent ends the call.",
  blame: 'Blames the customer or asks "why didn\'t you...?".',
  defensive: 'Justifies or defends the company or self ("we\'re very busy", "the system was right") instead of listening.',
  deflect: 'Sends the problem elsewhere instead of helping: "that\'s our policy", "go to our website", "call the other department".',
  "calm-down": "Tells the customer to calm down.",
  jargon: "Internal terms or technical jargon the customer will not know.",
  "corporate-apology":
    'A scripted, impersonal apology or stock sympathy that names nothing specific ("we apologise for any inconvenience", "I completely understand how you feel").',
  "sales-pitch": "Tries to sell an upgrade, add-on or new product while the customer is complaining.",
  hostile: "Matches the caller's hostility: sarcasm, insults, raised voice. Critical.",
  neutral: "Neither helps nor hurts (small talk, hold notices).",
} as const;

export type Tag = keyof typeof TAGS;
export const TAG_NAMES = Object.keys(TAGS) as Tag[];

export function isTag(value: string): value is Tag {
  return Object.prototype.hasOwnProperty.call(TAGS, value);
}

/** Tags that count as offering a solution: the "Respond" moment of LAER. */
export const SOLUTION_TAGS: readonly Tag[] = ["respond", "options", "commit", "vague-promise", "overpromise"];

/**
 * Pairs of tags that cannot both describe one line, by their definitions above: a choice with
 * both is almost always mis-tagged (the scorer would reward and punish the same words). The
 * loader warns; the sentence says why. Mixed lines that are realistic ("I'm sorry, but calm
 * down") are not here: `acknowledge` with `calm-down` or `defensive` is a real trap.
 */
export const CONTRADICTORY_TAGS: readonly (readonly [Tag, Tag, string])[] = [
  ["listen", "interrupt", "a line cannot invite the whole story and cut the customer off"],
  ["listen", "hostile", "a line that matches the caller's hostility does not invite their story"],
  ["acknowledge", "hostile", "a sincere acknowledgement is not sarcastic or hostile"],
  ["explore", "hostile", "an open, non-accusatory question is not hostile"],
  ["own", "hostile", "calm ownership is not hostile"],
  ["boundary", "hostile", "a boundary is respectful; matching the caller's hostility is not"],
  ["acknowledge", "corporate-apology", "an acknowledgement names what went wrong; a corporate apology names nothing"],
  ["explore", "blame", 'an open question is non-accusatory; "why didn\'t you…?" is blame'],
  ["commit", "vague-promise", "a commitment has an owner and a time; a vague promise lacks one"],
  ["commit", "overpromise", "a commitment is realistic; an overpromise is outside the agent's control"],
  ["own", "deflect", "owning the problem and sending it elsewhere are opposites"],
  ["respond", "deflect", "a next step helps with the problem; a deflection sends it elsewhere instead"],
  ["listen", "end-call", "a line cannot invite the story and end the call"],
  ["explore", "end-call", "a line cannot ask about the problem and end the call"],
];
