import type { AddressInfo } from "node:net";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** One message the test SMTP server accepted, parsed. */
export interface ReceivedMail {
  /** "Name <address>" as sent. */
  from: string;
  /** The envelope's recipients. */
  to: string[];
  subject: string;
  text: string;
  html: string;
  /** The raw message as sent over SMTP. */
  raw: string;
}

export interface TestSmtp {
  /** smtp://user:password@127.0.0.1:<port>: what SMTP_URL is set to. */
  url: string;
  port: number;
  inbox: ReceivedMail[];
  /** The logins the server saw (user names), one per connection that authenticated. */
  logins: string[];
  /** The next `count` messages are refused with a temporary error (451), as a mail server that is down. */
  refuseNext(count: number): void;
  /** Resolves with the messages to `to` once there are at least `count`; rejects after `timeoutMs`. */
  waitFor(to: string, count?: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

export const SMTP_USER = "steady";
export const SMTP_PASSWORD = "smtp-p@ss word";

/**
 * A real SMTP server (smtp-server) inside the test process, on loopback: it asks for the login in
 * the URL, refuses others, and parses each message it accepts (mailparser) into `inbox`. No TLS
 * (STARTTLS is not offered), so plain smtp:// URLs work.
 */
export async function startTestSmtp(port = 0): Promise<TestSmtp> {
  const inbox: ReceivedMail[] = [];
  const logins: string[] = [];
  let refusals = 0;
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS"],
    allowInsecureAuth: true,
    authOptional: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username !== SMTP_USER || auth.password !== SMTP_PASSWORD) return callback(new Error("Invalid username or password"));
      logins.push(auth.username);
      callback(null, { user: auth.username });
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        if (refusals > 0) {
          refusals--;
          const err = new Error("Mailbox busy, try again later") as Error & { responseCode: number };
          err.responseCode = 451;
          return callback(err);
        }
        const raw = Buffer.concat(chunks).toString("utf8");
        simpleParser(raw)
          .then((parsed) => {
            inbox.push({
              from: (parsed.from?.value ?? []).map((a) => (a.name ? `${a.name} <${a.address}>` : (a.address ?? ""))).join(", "),
              to: session.envelope.rcptTo.map((r) => r.address),
              subject: parsed.subject ?? "",
              text: parsed.text ?? "",
              html: typeof parsed.html === "string" ? parsed.html : "",
              raw,
            });
            callback();
          })
          .catch((err: Error) => callback(err));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const actualPort = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://${SMTP_USER}:${encodeURIComponent(SMTP_PASSWORD)}@127.0.0.1:${actualPort}`,
    port: actualPort,
    inbox,
    logins,
    refuseNext(count) {
      refusals = count;
    },
    async waitFor(to, count = 1, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = inbox.filter((m) => m.to.includes(to));
        if (found.length >= count) return found;
        if (Date.now() > deadline)
          throw new Error(
            `expected ${count} email(s) to ${to} within ${timeoutMs} ms; got ${found.length} (inbox: ${inbox.map((m) => `${m.to.join(",")}: ${m.subject}`).join("; ") || "empty"})`,
          );
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The first link in a message's text that starts with `prefix`. */
export function linkIn(mail: ReceivedMail, prefix: string): string {
  const escaped = prefix.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const match = new RegExp(`${escaped}\\S*`).exec(mail.text);
  if (!match) throw new Error(`no link starting with ${prefix} in:\n${mail.text}`);
  return match[0];
}
