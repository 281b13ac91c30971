/**
 * Every email the app sends, as plain text and simple HTML. Pure functions of their data: every
 * value that came from a person (names, titles) is escaped in the HTML, and links are only
 * ever the app's own (built from BETTER_AUTH_URL by the caller, never from a request).
 */

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text as HTML text or attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A subject is one line: line breaks a name could carry are flattened (nodemailer encodes the rest). */
function oneLine(value: string): string {
  return value.replace(/[\r\n\t]+/g, " ").trim();
}

const dayFormat = new Intl.DateTimeFormat("en-GB", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const timeFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

/** "Friday 6 November 2026" (the due day, UTC, as the assignment form sets it). */
export function dueDay(at: Date): string {
  return dayFormat.format(at).replace(",", "");
}

/** "6 November 2026 at 14:05 UTC" */
export function moment(at: Date): string {
  return `${timeFormat.format(at).replace(",", " at")} UTC`;
}

/** A paragraph: text with links, for both forms. */
type Part = string | { link: string; label?: string };
type Block = { p: Part[] } | { list: Part[][] } | { button: { link: string; label: string } };

function renderText(blocks: Block[]): string {
  const partText = (part: Part) => (typeof part === "string" ? part : part.label ? `${part.label}: ${part.link}` : part.link);
  return (
    blocks
      .map((b) => {
        if ("p" in b) return b.p.map(partText).join("");
        if ("list" in b) return b.list.map((item) => `- ${item.map(partText).join("")}`).join("\n");
        return `${b.button.label}:\n${b.button.link}`;
      })
      .join("\n\n") + "\n\n-- \nSteady, de-escalation practice\n"
  );
}

function renderHtml(subject: string, blocks: Block[]): string {
  const partHtml = (part: Part) =>
    typeof part === "string" ? escapeHtml(part) : `<a href="${escapeHtml(part.link)}">${escapeHtml(part.label ?? part.link)}</a>`;
  const body = blocks
    .map((b) => {
      if ("p" in b) return `<p style="margin:0 0 16px">${b.p.map(partHtml).join("")}</p>`;
      if ("list" in b)
        return `<ul style="margin:0 0 16px;padding-left:20px">${b.list.map((item) => `<li>${item.map(partHtml).join("")}</li>`).join("")}</ul>`;
      const href = escapeHtml(b.button.link);
      return (
        `<p style="margin:0 0 16px"><a href="${href}" style="display:inline-block;background:#1d4ed8;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(b.button.label)}</a></p>` +
        `<p style="margin:0 0 16px;font-size:13px;color:#475569">Or copy this link into your browser: ${href}</p>`
      );
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="margin:0;padding:24px;background:#f8fafc;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#0f172a">
<div style="max-width:560px;margin:0 auto;background:#ffffff;border:1px solid #e2e8f0;border-radius:8px;padding:24px">
${body}
<p style="margin:24px 0 0;font-size:13px;color:#64748b">Steady, de-escalation practice</p>
</div>
</body></html>
`;
}

function message(subject: string, blocks: Block[]): EmailMessage {
  const line = oneLine(subject);
  return { subject: line, text: renderText(blocks), html: renderHtml(line, blocks) };
}

const greeting = (name: string | null | undefined): Block => ({ p: [name?.trim() ? `Hello ${name.trim()},` : "Hello,"] });

export interface InvitationEmail {
  /** The invited person's name, when the admin gave one. */
  name?: string | null;
  /** Who invited them (the admin's name). */
  invitedBy: string;
  /** Where they set their name and password (single use). */
  link: string;
  expiresAt: Date;
}

export function invitationEmail(data: InvitationEmail): EmailMessage {
  return message(`${data.invitedBy} invited you to Steady`, [
    greeting(data.name),
    { p: [`${data.invitedBy} invited you to Steady, where you practise difficult customer calls and see exactly how each choice scored.`] },
    { button: { link: data.link, label: "Set your name and password" } },
    { p: [`The link works once, until ${moment(data.expiresAt)}. If it has run out, ask ${data.invitedBy} for a new one.`] },
    { p: ["If you were not expecting this, you can ignore this email."] },
  ]);
}

export interface PasswordResetEmail {
  name: string;
  link: string;
  expiresAt: Date;
}

export function passwordResetEmail(data: PasswordResetEmail): EmailMessage {
  return message("Reset your Steady password", [
    greeting(data.name),
    { p: ["Someone asked to reset the password of your Steady account. If it was you, choose a new password here:"] },
    { button: { link: data.link, label: "Choose a new password" } },
    {
      p: [
        `The link works once, until ${moment(data.expiresAt)}. Setting a new password signs your account out everywhere it is signed in.`,
      ],
    },
    { p: ["If you did not ask, ignore this email: your password stays as it is."] },
  ]);
}

export interface AssignedScenario {
  title: string;
  /** The scenario's page in the app. */
  link: string;
}

export interface AssignmentEmail {
  name: string;
  assignedBy: string;
  scenarios: AssignedScenario[];
  dueAt: Date;
  passMark: number;
}

export function assignmentEmail(data: AssignmentEmail): EmailMessage {
  const [first] = data.scenarios;
  const many = data.scenarios.length > 1;
  const subject = many
    ? `New practice: ${data.scenarios.length} calls due ${dueDay(data.dueAt)}`
    : `New practice: ${first?.title ?? "a call"}, due ${dueDay(data.dueAt)}`;
  return message(subject, [
    greeting(data.name),
    {
      p: [
        `${data.assignedBy} assigned you ${many ? `${data.scenarios.length} practice calls` : "a practice call"} on Steady, due by the end of ${dueDay(data.dueAt)} (UTC). `,
        `It counts as done when you finish ${many ? "each call" : "the call"} with ${data.passMark} or more and no critical error.`,
      ],
    },
    { list: data.scenarios.map((s) => [{ link: s.link, label: s.title }]) },
    { p: ["Assigned calls come first in your library when you sign in."] },
  ]);
}

export interface ReminderEmail {
  name: string;
  scenario: AssignedScenario;
  dueAt: Date;
  passMark: number;
}

export function reminderEmail(data: ReminderEmail): EmailMessage {
  return message(`Due ${dueDay(data.dueAt)}: ${data.scenario.title}`, [
    greeting(data.name),
    {
      p: [
        `A reminder: your practice call “${data.scenario.title}” is due by the end of ${dueDay(data.dueAt)} (UTC), and it is not done yet. `,
        `It counts as done when you finish it with ${data.passMark} or more and no critical error.`,
      ],
    },
    { button: { link: data.scenario.link, label: "Practise it now" } },
  ]);
}
