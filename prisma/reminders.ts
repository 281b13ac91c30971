/**
 * `npm run reminders`: one mail sweep now, as every server runs each MAIL_SWEEP_SECONDS: queues
 * the reminders of assignments due within a day and sends (or retries) every email that is due.
 * Safe beside running servers: each reminder is queued once and each email claimed by one sender.
 * Uses DATABASE_URL, SMTP_URL, MAIL_FROM and BETTER_AUTH_URL like the server.
 */
import { db } from "../lib/db/client.server";
import { migrate } from "../lib/db/migrate.server";
import { env } from "../lib/env.server";
import { runMailSweepOnce } from "../lib/mail/mail.server";

await migrate(env().DATABASE_URL);
const result = await runMailSweepOnce();
await db().$disconnect();
if (!result) {
  console.error('[reminders] SMTP_URL is not set, so nothing can be emailed; set SMTP_URL, MAIL_FROM and BETTER_AUTH_URL (README "Email")');
  process.exit(1);
}
console.log(
  `[reminders] ${result.remindersQueued} reminder(s) queued; ${result.sent} email(s) sent, ${result.retrying} to retry later, ${result.failed} given up`,
);
process.exit(result.retrying || result.failed ? 1 : 0);
