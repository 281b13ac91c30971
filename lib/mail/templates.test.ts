import { describe, expect, it } from "vitest";
import { assignmentEmail, dueDay, escapeHtml, invitationEmail, moment, passwordResetEmail, reminderEmail } from "./templates";

const HOSTILE = `Eve <script>alert("x")</script> & 'co'`;
const DUE = new Date("2026-11-06T23:59:59.999Z");

describe("email templates", () => {
  it("escapes text for HTML", () => {
    expect(escapeHtml(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &#39;Jerry&#39;&lt;/a&gt;");
  });

  it("writes dates in UTC, as the assignment form sets them", () => {
    expect(dueDay(DUE)).toBe("Friday 6 November 2026");
    expect(moment(new Date("2026-11-06T14:05:00Z"))).toBe("6 November 2026 at 14:05 UTC");
  });

  it("escapes every value a person wrote in the HTML, and keeps it readable in the text", () => {
    const messages = [
      invitationEmail({ name: HOSTILE, invitedBy: HOSTILE, link: "https://steady.example.com/invite?t=a&b=1", expiresAt: DUE }),
      passwordResetEmail({ name: HOSTILE, link: "https://steady.example.com/reset-password?token=abc", expiresAt: DUE }),
      assignmentEmail({
        name: HOSTILE,
        assignedBy: HOSTILE,
        scenarios: [{ title: HOSTILE, link: "https://steady.example.com/scenarios/x" }],
        dueAt: DUE,
        passMark: 70,
      }),
      reminderEmail({
        name: HOSTILE,
        scenario: { title: HOSTILE, link: "https://steady.example.com/scenarios/x" },
        dueAt: DUE,
        passMark: 70,
      }),
    ];
    for (const m of messages) {
      expect(m.html).not.toContain("<script>");
      expect(m.html).toContain("Eve &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;co&#39;");
      expect(m.text).toContain(HOSTILE);
      expect(m.subject).not.toMatch(/[\r\n]/);
    }
    // An ampersand in a link is escaped inside the attribute, and the link works as typed in the text.
    expect(messages[0]!.html).toContain('href="https://steady.example.com/invite?t=a&amp;b=1"');
    expect(messages[0]!.text).toContain("https://steady.example.com/invite?t=a&b=1");
  });

  it("keeps a subject on one line, whatever a name holds", () => {
    const m = invitationEmail({ invitedBy: "Mallory\r\nBcc: everyone@example.com", link: "https://x.test/i", expiresAt: DUE });
    expect(m.subject).toBe("Mallory Bcc: everyone@example.com invited you to Steady");
  });

  it("says what a password reset link does, when it stops working, and what to do if it was not you", () => {
    const m = passwordResetEmail({
      name: "Alex Rivera",
      link: "https://steady.example.com/reset-password?token=t0k",
      expiresAt: new Date("2026-11-06T15:00:00Z"),
    });
    expect(m.subject).toBe("Reset your Steady password");
    expect(m.text).toContain("Hello Alex Rivera,");
    expect(m.text).toContain("https://steady.example.com/reset-password?token=t0k");
    expect(m.text).toContain("works once, until 6 November 2026 at 15:00 UTC");
    expect(m.text).toContain("signs your account out everywhere");
    expect(m.text).toContain("If you did not ask, ignore this email");
    expect(m.html).toContain('href="https://steady.example.com/reset-password?token=t0k"');
  });

  it("lists every scenario of a new assignment with its link, the due day and the pass mark", () => {
    const one = assignmentEmail({
      name: "Alex",
      assignedBy: "Morgan Blake",
      scenarios: [{ title: "Billing error", link: "https://s.test/scenarios/billing-error" }],
      dueAt: DUE,
      passMark: 80,
    });
    expect(one.subject).toBe("New practice: Billing error, due Friday 6 November 2026");
    expect(one.text).toContain("Morgan Blake assigned you a practice call on Steady, due by the end of Friday 6 November 2026 (UTC).");
    expect(one.text).toContain("with 80 or more and no critical error");
    expect(one.text).toContain("- Billing error: https://s.test/scenarios/billing-error");

    const two = assignmentEmail({
      name: "Alex",
      assignedBy: "Morgan Blake",
      scenarios: [
        { title: "Billing error", link: "https://s.test/scenarios/billing-error" },
        { title: "Delayed update", link: "https://s.test/scenarios/delayed-update" },
      ],
      dueAt: DUE,
      passMark: 70,
    });
    expect(two.subject).toBe("New practice: 2 calls due Friday 6 November 2026");
    expect(two.text).toContain("assigned you 2 practice calls");
    expect(two.html).toContain('<li><a href="https://s.test/scenarios/delayed-update">Delayed update</a></li>');
  });

  it("reminds of one assignment by its title and due day", () => {
    const m = reminderEmail({
      name: "Alex",
      scenario: { title: "Billing error", link: "https://s.test/scenarios/billing-error" },
      dueAt: DUE,
      passMark: 75,
    });
    expect(m.subject).toBe("Due Friday 6 November 2026: Billing error");
    expect(m.text).toContain("“Billing error” is due by the end of Friday 6 November 2026 (UTC), and it is not done yet");
    expect(m.text).toContain("Practise it now:\nhttps://s.test/scenarios/billing-error");
  });

  it("greets by name when there is one", () => {
    expect(invitationEmail({ invitedBy: "Sam", link: "https://x.test/i", expiresAt: DUE }).text.startsWith("Hello,\n")).toBe(true);
    expect(
      invitationEmail({ name: "  Jo ", invitedBy: "Sam", link: "https://x.test/i", expiresAt: DUE }).text.startsWith("Hello Jo,\n"),
    ).toBe(true);
  });
});
