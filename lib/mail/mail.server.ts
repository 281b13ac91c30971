import "server-only";
import { hostname } from "node:os";
import { db } from "../db/client.server";
import { enqueueMail } from "../data/mail-jobs/enqueue-mail.server";
import { queueAssignmentMail } from "../data/mail-jobs/queue-assignment-mail.server";
import { env } from "../env.server";
import { createMailer, type Mailer } from "./mailer.server";
import { deliverMail, mailSweep } from "./outbox.server";
import { invitationEmail } from "./templates";

/**
 * Email for this server process, from SMTP_URL and MAIL_FROM (lib/env.server.ts). Without
 * SMTP_URL nothing is queued or sent and every function here says so; the app works the same,
 * and links are copied from where the UI shows them (README "Email").
 */

interface MailState {
  mailer?: Mailer;
  sweep?: ReturnType<typeof setInterval>;
  /** A delivery pass is running; `again` asks for one more after it. */
  delivering?: boolean;
  again?: boolean;
}
// On globalThis: Next bundles this module more than once (instrumentation and routes).
const state = ((globalThis as unknown as { __steadyMail?: MailState }).__steadyMail ??= {});

/** This server's name in the jobs it claims. */
export const WORKER_ID = `${hostname()}:${process.pid}`;

export function mailEnabled(): boolean {
  return env().SMTP_URL !== undefined;
}

/** The app's public address without a trailing slash: links in emails start with it (set whenever SMTP_URL is). */
export function appUrl(): string {
  const url = env().BETTER_AUTH_URL;
  if (!url) throw new Error("BETTER_AUTH_URL is not set; links in emails need it");
  return url.replace(/\/+$/, "");
}

function mailer(): Mailer | null {
  const e = env();
  if (!e.SMTP_URL || !e.MAIL_FROM) return null;
  state.mailer ??= createMailer(e.SMTP_URL, e.MAIL_FROM);
  return state.mailer;
}

const log = (line: string) => console.log(line);

/**
 * Sends what is queued, soon and without waiting: called after a job is queued. Passes do not
 * overlap within a server; across servers each job is claimed by one (lib/data/mail-jobs).
 */
export function kickMail(): void {
  const m = mailer();
  if (!m) return;
  if (state.delivering) {
    state.again = true;
    return;
  }
  state.delivering = true;
  void (async () => {
    try {
      do {
        state.again = false;
        await deliverMail(db(), m, { workerId: WORKER_ID, log });
      } while (state.again);
    } catch (err) {
      log(`[steady] mail: sending failed: ${(err as Error).message}`);
    } finally {
      state.delivering = false;
    }
  })();
}

/**
 * Started once per server (instrumentation.ts): every MAIL_SWEEP_SECONDS, queue the reminders
 * that are due and send or retry what is queued. A failing sweep is logged, never thrown.
 */
export function startMailSweep(): void {
  const m = mailer();
  if (!m) {
    log("[steady] email is off (SMTP_URL is not set): nothing is emailed; admins copy invitation links from People");
    return;
  }
  if (state.sweep) return;
  const e = env();
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      const result = await mailSweep(db(), m, { appUrl: appUrl(), workerId: WORKER_ID, log });
      if (result.remindersQueued) log(`[steady] mail: ${result.remindersQueued} due-date reminder(s) queued`);
    } catch (err) {
      log(`[steady] mail: sweep failed, trying again in ${e.MAIL_SWEEP_SECONDS} s: ${(err as Error).message}`);
    } finally {
      running = false;
    }
  };
  state.sweep = setInterval(() => void sweep(), e.MAIL_SWEEP_SECONDS * 1000);
  state.sweep.unref();
  log(`[steady] email is on: sent through ${new URL(e.SMTP_URL!).host}, reminders and retries every ${e.MAIL_SWEEP_SECONDS} s`);
  void sweep();
}

/**
 * SEAM for invitations (issue 13, people and invitations): emails an invitation link the admin
 * also sees on People. Queued and sent in the background, retried on failure; queued once per
 * `key` (pass the invitation's id). Returns false when email is off: the admin copies the link.
 */
export async function sendInvitationEmail(invitation: {
  /** The invitation's id: the same invitation is emailed once, however often this is called. */
  key: string;
  to: string;
  name?: string | null;
  link: string;
  invitedBy: string;
  expiresAt: Date;
}): Promise<boolean> {
  if (!mailEnabled()) return false;
  const message = invitationEmail({
    name: invitation.name,
    invitedBy: invitation.invitedBy,
    link: invitation.link,
    expiresAt: invitation.expiresAt,
  });
  await enqueueMail(db(), {
    key: `invitation:${invitation.key}`,
    kind: "invitation",
    to: invitation.to,
    message,
    sendBefore: invitation.expiresAt,
  });
  kickMail();
  return true;
}

/**
 * Emails each new invitation (an administrator's, a renewed link, a roster import's) after its
 * transaction has committed. Returns how many were queued: 0 when email is off (the administrator
 * copies the links) or when queueing failed (logged; the links are still shown).
 */
export async function emailInvitations(
  invitations: { id: string; email: string; name: string; link: string; expiresAt: Date }[],
  invitedBy: string,
): Promise<number> {
  if (!mailEnabled()) return 0;
  let queued = 0;
  try {
    for (const i of invitations) {
      if (await sendInvitationEmail({ key: i.id, to: i.email, name: i.name, link: i.link, invitedBy, expiresAt: i.expiresAt })) queued++;
    }
  } catch (err) {
    log(`[steady] mail: invitation emails not queued: ${(err as Error).message}`);
  }
  return queued;
}

/**
 * Emails each trainee that new assignments target (createAssignments' ids). Never throws: the
 * assignments are made whatever happens to their emails (a failure is logged).
 */
export async function notifyNewAssignments(assignmentIds: string[]): Promise<void> {
  if (!mailEnabled() || !assignmentIds.length) return;
  try {
    await queueAssignmentMail(db(), assignmentIds, appUrl());
    kickMail();
  } catch (err) {
    log(`[steady] mail: new-assignment emails not queued: ${(err as Error).message}`);
  }
}

/** `npm run reminders`: one sweep now, then the connections close. */
export async function runMailSweepOnce(): Promise<{ remindersQueued: number; sent: number; retrying: number; failed: number } | null> {
  const m = mailer();
  if (!m) return null;
  try {
    return await mailSweep(db(), m, { appUrl: appUrl(), workerId: `${WORKER_ID}:command`, log });
  } finally {
    m.close();
    state.mailer = undefined;
  }
}
