import { spawn } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, type Db } from "../db/client.server";
import { createAssignments, endOfDueDay } from "../data/assignments/create-assignments.server";
import { CLAIM_SECONDS, claimMailJobs } from "../data/mail-jobs/claim-mail-jobs.server";
import { deleteMailJobsForPerson } from "../data/mail-jobs/delete-mail-jobs-for-person.server";
import { enqueueMail } from "../data/mail-jobs/enqueue-mail.server";
import { MAX_ATTEMPTS, RETRY_DELAYS_SECONDS } from "../data/mail-jobs/finish-mail-job.server";
import { queueAssignmentMail } from "../data/mail-jobs/queue-assignment-mail.server";
import { queueDueReminders } from "../data/mail-jobs/queue-due-reminders.server";
import { syncBuiltinScenarios } from "../data/scenarios/sync-builtin-scenarios.server";
import { createTestUser, freshDatabase, PROVIDERS } from "../testing/db";
import { SMTP_USER, startTestSmtp, type TestSmtp } from "../testing/smtp";
import { createMailer, type Mailer } from "./mailer.server";
import { deliverMail, mailSweep } from "./outbox.server";
import { dueDay, passwordResetEmail } from "./templates";

const APP = "https://steady.example.com";
const FROM = "Steady <steady@example.com>";
const quiet = () => {};
const HOUR = 3600 * 1000;

describe.each(PROVIDERS)("the email outbox on %s", (provider) => {
  let db: Db;
  let url: string;
  let smtp: TestSmtp;
  let mailer: Mailer;
  let manager: { id: string; name: string };
  let versions: Record<string, string>;
  let titles: Record<string, string>;
  let counter = 0;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase(provider));
    await syncBuiltinScenarios(db);
    versions = Object.fromEntries((await db.scenarioVersion.findMany()).map((v) => [v.scenarioId, v.id]));
    titles = Object.fromEntries((await db.scenarioVersion.findMany()).map((v) => [v.scenarioId, v.title]));
    manager = await createTestUser(db, "manager");
    smtp = await startTestSmtp();
    mailer = createMailer(smtp.url, FROM);
  }, 60_000);
  afterAll(async () => {
    mailer?.close();
    await smtp?.close();
    await db?.$disconnect();
  });

  async function newTeam(trainees: number) {
    const team = (await db.team.create({ data: { name: `Team ${++counter}` } })).id;
    await db.teamManager.create({ data: { teamId: team, userId: manager.id } });
    const people = [];
    for (let i = 0; i < trainees; i++) people.push(await createTestUser(db, "trainee", team));
    return { team, people };
  }

  function job(key: string, to: string, kind: "password-reset" | "reminder" = "reminder", sendBefore: Date | null = null) {
    const message = passwordResetEmail({ name: "Pat", link: `${APP}/reset-password?token=${key}`, expiresAt: new Date(Date.now() + HOUR) });
    return { key, kind, to, message, sendBefore };
  }

  it("sends a queued email through the SMTP server of SMTP_URL, logged in, from MAIL_FROM", async () => {
    const to = `first-${provider}@example.com`;
    expect(await enqueueMail(db, job(`first-${provider}`, to))).toBe(true);
    // The same key again is not queued twice.
    expect(await enqueueMail(db, job(`first-${provider}`, to))).toBe(false);
    const result = await deliverMail(db, mailer, { workerId: "w1", log: quiet });
    expect(result).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const [mail] = await smtp.waitFor(to);
    expect(mail).toMatchObject({ from: FROM, to: [to], subject: "Reset your Steady password" });
    expect(mail!.text).toContain(`${APP}/reset-password?token=first-${provider}`);
    expect(mail!.html).toContain(`href="${APP}/reset-password?token=first-${provider}"`);
    expect(smtp.logins).toContain(SMTP_USER);
    const row = await db.mailJob.findUniqueOrThrow({ where: { key: `first-${provider}` } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null });
    expect(row.sentAt).toBeInstanceOf(Date);
  });

  it("clears the text of a sent email whose link signs someone in, and keeps other kinds", async () => {
    await enqueueMail(db, job(`secret-${provider}`, `secret-${provider}@example.com`, "password-reset"));
    await enqueueMail(db, job(`plain-${provider}`, `plain-${provider}@example.com`, "reminder"));
    await deliverMail(db, mailer, { workerId: "w1", log: quiet });
    expect(await db.mailJob.findUniqueOrThrow({ where: { key: `secret-${provider}` } })).toMatchObject({
      status: "sent",
      text: "",
      html: "",
    });
    expect((await db.mailJob.findUniqueOrThrow({ where: { key: `plain-${provider}` } })).text).toContain("reset-password");
  });

  it("retries a failed send with backoff, records each failure, and gives up after the last attempt", async () => {
    const to = `retry-${provider}@example.com`;
    const key = `retry-${provider}`;
    const start = new Date(Date.now() + 1000);
    await enqueueMail(db, job(key, to, "password-reset"), start);
    const lines: string[] = [];
    smtp.refuseNext(1);
    expect(await deliverMail(db, mailer, { workerId: "w1", now: () => start, log: (l) => lines.push(l) })).toEqual({
      sent: 0,
      retrying: 1,
      failed: 0,
    });
    let row = await db.mailJob.findUniqueOrThrow({ where: { key } });
    expect(row).toMatchObject({ status: "pending", attempts: 1, claimedBy: null });
    expect(row.lastError).toMatch(/451/);
    expect(row.nextAttemptAt.getTime()).toBe(start.getTime() + RETRY_DELAYS_SECONDS[0] * 1000);
    expect(lines.join("\n")).toMatch(new RegExp(`password-reset email \\S+ to ${to} failed \\(attempt 1 of ${MAX_ATTEMPTS}\\), next try`));

    // Not before its time; then it goes.
    expect(await deliverMail(db, mailer, { workerId: "w1", now: () => new Date(start.getTime() + 59_000), log: quiet })).toEqual({
      sent: 0,
      retrying: 0,
      failed: 0,
    });
    const later = new Date(start.getTime() + 61_000);
    expect(await deliverMail(db, mailer, { workerId: "w1", now: () => later, log: quiet })).toEqual({ sent: 1, retrying: 0, failed: 0 });
    await smtp.waitFor(to);
    row = await db.mailJob.findUniqueOrThrow({ where: { key } });
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });

    // A server that refuses every time: each delay is longer, and after MAX_ATTEMPTS the job has failed.
    const key2 = `give-up-${provider}`;
    await enqueueMail(db, job(key2, `give-up-${provider}@example.com`, "password-reset"), start);
    smtp.refuseNext(MAX_ATTEMPTS);
    let at = start;
    const delays: number[] = [];
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const result = await deliverMail(db, mailer, { workerId: "w1", now: () => at, log: quiet });
      const current = await db.mailJob.findUniqueOrThrow({ where: { key: key2 } });
      expect(current.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        expect(result.retrying).toBe(1);
        delays.push((current.nextAttemptAt.getTime() - at.getTime()) / 1000);
        at = current.nextAttemptAt;
      } else {
        expect(result.failed).toBe(1);
        expect(current).toMatchObject({ status: "failed", text: "", html: "" });
        expect(current.lastError).toMatch(/451/);
      }
    }
    expect(delays).toEqual([...RETRY_DELAYS_SECONDS]);
  }, 60_000);

  it("does not send an email after its sendBefore, and says it expired", async () => {
    const key = `late-${provider}`;
    const now = new Date();
    await enqueueMail(
      db,
      job(key, `late-${provider}@example.com`, "password-reset", new Date(now.getTime() - 1000)),
      new Date(now.getTime() - 2000),
    );
    await deliverMail(db, mailer, { workerId: "w1", now: () => now, log: quiet });
    expect(await db.mailJob.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: "expired", attempts: 0, text: "" });
    expect(smtp.inbox.some((m) => m.to.includes(`late-${provider}@example.com`))).toBe(false);
  });

  it("skips an email whose person was turned off after it was queued; erasing a person deletes their emails", async () => {
    const person = await createTestUser(db, "trainee");
    await enqueueMail(db, { ...job(`off-${provider}`, person.email, "password-reset"), userId: person.id });
    await db.user.update({ where: { id: person.id }, data: { deactivatedAt: new Date() } });
    expect(await deliverMail(db, mailer, { workerId: "w1", log: quiet })).toMatchObject({ sent: 0 });
    expect(await db.mailJob.findUniqueOrThrow({ where: { key: `off-${provider}` } })).toMatchObject({
      status: "skipped",
      text: "",
      html: "",
    });
    expect(smtp.inbox.some((m) => m.to.includes(person.email))).toBe(false);

    await enqueueMail(db, job(`invite-${provider}`, person.email, "password-reset"));
    expect(await deleteMailJobsForPerson(db, { userId: person.id, email: person.email })).toBe(2);
    expect(await db.mailJob.count({ where: { OR: [{ userId: person.id }, { to: person.email }] } })).toBe(0);
  }, 30_000);

  it("lets another server send a job only once the claim of a server that stopped mid-send has run out", async () => {
    const key = `crash-${provider}`;
    const to = `crash-${provider}@example.com`;
    const now = new Date(Date.now() + 2000);
    await enqueueMail(db, job(key, to), now);
    const [claimed] = (await claimMailJobs(db, "server-a", now)).filter((j) => j.key === key);
    expect(claimed).toMatchObject({ claimedBy: "server-a", attempts: 1 });
    // Server A stops here. Server B finds nothing to do while A's claim holds…
    expect((await claimMailJobs(db, "server-b", new Date(now.getTime() + (CLAIM_SECONDS - 1) * 1000))).map((j) => j.key)).not.toContain(
      key,
    );
    // …and sends it after.
    const after = new Date(now.getTime() + (CLAIM_SECONDS + 1) * 1000);
    expect(await deliverMail(db, mailer, { workerId: "server-b", now: () => after, log: quiet })).toMatchObject({ sent: 1 });
    expect(await db.mailJob.findUniqueOrThrow({ where: { key } })).toMatchObject({ status: "sent", claimedBy: "server-b", attempts: 2 });
    expect(await smtp.waitFor(to)).toHaveLength(1);
  });

  it("emails each trainee a new assignment targets, once, listing the scenarios assigned together", async () => {
    const { team, people } = await newTeam(3);
    const [a, b, c] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0]];
    await db.user.update({ where: { id: c.id }, data: { deactivatedAt: new Date() } });
    const now = new Date();
    const dueDate = new Date(now.getTime() + 10 * 24 * HOUR).toISOString().slice(0, 10);
    // The whole team: two scenarios in one go.
    const ids = await createAssignments(
      db,
      manager.id,
      { teamId: team, scenarioIds: ["billing-error", "delayed-update"], traineeIds: [], dueDate, passMark: 75 },
      now,
    );
    expect(await queueAssignmentMail(db, ids, APP, now)).toBe(2); // a and b; c is turned off
    expect(await queueAssignmentMail(db, ids, APP, now)).toBe(0); // queued once
    // Only b: one scenario.
    const forB = await createAssignments(
      db,
      manager.id,
      { teamId: team, scenarioIds: ["billing-error"], traineeIds: [b.id], dueDate, passMark: 90 },
      now,
    );
    expect(await queueAssignmentMail(db, forB, APP, now)).toBe(1);
    await deliverMail(db, mailer, { workerId: "w1", log: quiet });

    const [toA] = await smtp.waitFor(a.email);
    expect(toA!.subject).toMatch(/^New practice: 2 calls due /);
    expect(toA!.text).toContain(`${APP}/scenarios/billing-error`);
    expect(toA!.text).toContain(`${APP}/scenarios/delayed-update`);
    expect(toA!.text).toContain("with 75 or more");
    const toB = await smtp.waitFor(b.email, 2);
    const dueOn = dueDay(endOfDueDay(dueDate)!);
    expect(toB.map((m) => m.subject).sort()).toEqual(
      [`New practice: 2 calls due ${dueOn}`, `New practice: ${titles["billing-error"]}, due ${dueOn}`].sort(),
    );
    expect(smtp.inbox.filter((m) => m.to.includes(c.email))).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(smtp.inbox.filter((m) => m.to.includes(a.email))).toHaveLength(1);
  }, 30_000);

  it("queues each due-date reminder once and sends it once, with several servers sweeping at the same moment", async () => {
    const { team, people } = await newTeam(4);
    const [pending1, pending2, done, later] = people as [(typeof people)[0], (typeof people)[0], (typeof people)[0], (typeof people)[0]];
    const now = new Date(Date.now() + 5000);
    const soon = new Date(now.getTime() + 20 * HOUR);
    const longAgo = new Date(now.getTime() - 5 * 24 * HOUR);
    const mk = (data: { userId?: string | null; scenarioId: string; dueAt: Date; createdAt: Date }) =>
      db.assignment.create({ data: { teamId: team, passMark: 70, createdById: manager.id, userId: null, ...data } });
    // Due in 20 hours, for the whole team, assigned five days ago: the reminder.
    const due = await mk({ scenarioId: "billing-error", dueAt: soon, createdAt: longAgo });
    // Assigned 10 hours before it is due: its new-assignment email said it all.
    await mk({ scenarioId: "delayed-update", dueAt: soon, createdAt: new Date(soon.getTime() - 10 * HOUR) });
    // Due in three days: not yet.
    await mk({ scenarioId: "delayed-update", userId: later.id, dueAt: new Date(now.getTime() + 72 * HOUR), createdAt: longAgo });
    // `done` finished billing-error above the mark after it was assigned.
    await db.run.create({
      data: {
        userId: done.id,
        scenarioVersionId: versions["billing-error"]!,
        status: "completed",
        overall: 85,
        passed: true,
        criticalErrors: "",
        angerStart: 80,
        angerEnd: 30,
        trustStart: 20,
        trustEnd: 70,
        completedAt: new Date(now.getTime() - HOUR),
      },
    });

    // Four "servers" sweep at once, twice over. On PostgreSQL each has a connection of its own. On
    // SQLite they share this process's one (better-sqlite3 blocks its thread while it waits for
    // another connection's lock, so two connections in one process would wait on each other):
    // their queries interleave at every await; separate processes are the test below.
    const own = provider === "postgresql";
    const servers = [1, 2, 3, 4].map(() => (own ? createDb(url) : db));
    const sweepAll = () =>
      Promise.all(
        servers.map((server, i) => mailSweep(server, mailer, { appUrl: APP, workerId: `server-${i}`, now: () => now, log: quiet })),
      );
    try {
      const first = await sweepAll();
      const second = await sweepAll();
      const queued = [...first, ...second].reduce((n, r) => n + r.remindersQueued, 0);
      const sent = [...first, ...second].reduce((n, r) => n + r.sent, 0);
      const keys = people.map((p) => `reminder:${due.id}:${p.id}`);
      const jobs = await db.mailJob.findMany({ where: { key: { in: keys } } });
      expect(jobs.map((j) => j.key).sort()).toEqual(
        [`reminder:${due.id}:${pending1.id}`, `reminder:${due.id}:${pending2.id}`, `reminder:${due.id}:${later.id}`].sort(),
      );
      expect(jobs.every((j) => j.status === "sent" && j.attempts === 1)).toBe(true);
      expect(queued).toBe(3);
      expect(sent).toBeGreaterThanOrEqual(3);
    } finally {
      if (own) await Promise.all(servers.map((s) => s.$disconnect()));
    }
    for (const p of [pending1, pending2, later]) {
      const mails = await smtp.waitFor(p.email);
      expect(mails.map((m) => m.subject)).toEqual([`Due ${dueDay(soon)}: ${titles["billing-error"]}`]);
      expect(mails[0]!.text).toContain(`${APP}/scenarios/billing-error`);
    }
    await new Promise((r) => setTimeout(r, 200));
    for (const p of [pending1, pending2, later]) expect(smtp.inbox.filter((m) => m.to.includes(p.email))).toHaveLength(1);
    expect(smtp.inbox.filter((m) => m.to.includes(done.email))).toEqual([]);
    // A later sweep (another minute) queues nothing new.
    expect(await queueDueReminders(db, APP, new Date(now.getTime() + 60_000))).toBe(0);
  }, 60_000);
});

/**
 * Servers on one SQLite file are separate processes: here three `npm run reminders` (the same
 * sweep every server runs) at the same moment. (PostgreSQL: separate connections, above.)
 */
describe("reminders from several processes on one SQLite file", () => {
  let db: Db;
  let url: string;
  let smtp: TestSmtp;
  let manager: { id: string };
  let titles: Record<string, string>;

  beforeAll(async () => {
    ({ db, url } = await freshDatabase("sqlite"));
    await syncBuiltinScenarios(db);
    titles = Object.fromEntries((await db.scenarioVersion.findMany()).map((v) => [v.scenarioId, v.title]));
    manager = await createTestUser(db, "manager");
    smtp = await startTestSmtp();
  }, 60_000);
  afterAll(async () => {
    await smtp?.close();
    await db?.$disconnect();
  });

  async function newTeam(trainees: number) {
    const team = (await db.team.create({ data: { name: "Processes" } })).id;
    const people = [];
    for (let i = 0; i < trainees; i++) people.push(await createTestUser(db, "trainee", team));
    return { team, people };
  }

  it("sends each reminder once when `npm run reminders` runs in three processes at the same moment", async () => {
    const { team, people } = await newTeam(3);
    const now = Date.now();
    await db.assignment.create({
      data: {
        teamId: team,
        userId: null,
        scenarioId: "delayed-update",
        dueAt: new Date(now + 20 * HOUR),
        createdAt: new Date(now - 3 * 24 * HOUR),
        passMark: 70,
        createdById: manager.id,
      },
    });
    const env = { ...process.env, DATABASE_URL: url, SMTP_URL: smtp.url, MAIL_FROM: FROM, BETTER_AUTH_URL: APP, NODE_OPTIONS: "" };
    const runs = await Promise.all(
      [1, 2, 3].map(
        () =>
          new Promise<{ code: number | null; out: string }>((resolve) => {
            const child = spawn(process.execPath, ["node_modules/tsx/dist/cli.mjs", "--conditions=react-server", "prisma/reminders.ts"], {
              env,
            });
            let out = "";
            child.stdout.on("data", (d: Buffer) => (out += d.toString()));
            child.stderr.on("data", (d: Buffer) => (out += d.toString()));
            child.on("close", (code) => resolve({ code, out }));
          }),
      ),
    );
    for (const run of runs) expect(run.code, run.out).toBe(0);
    const total = (pattern: RegExp) => runs.reduce((n, r) => n + Number(pattern.exec(r.out)?.[1] ?? NaN), 0);
    expect(total(/(\d+) reminder\(s\) queued/)).toBe(3);
    expect(total(/(\d+) email\(s\) sent/)).toBeGreaterThanOrEqual(3);
    for (const p of people) {
      const mails = await smtp.waitFor(p.email);
      expect(mails.map((m) => m.subject)).toEqual([`Due ${dueDay(new Date(now + 20 * HOUR))}: ${titles["delayed-update"]}`]);
    }
    await new Promise((r) => setTimeout(r, 200));
    for (const p of people) expect(smtp.inbox.filter((m) => m.to.includes(p.email))).toHaveLength(1);
  }, 180_000);
});
