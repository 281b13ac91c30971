/** Runs once when a server process starts: the database is created, migrated and seeded here. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    try {
      const { ssoConfig } = await import("./lib/auth/auth.server");
      const sso = ssoConfig();
      if (sso) console.log(`[steady] single sign-on: ${sso.displayName} (${sso.issuer}) for ${sso.allowedDomains.join(", ")}`);
      const { setupDatabase } = await import("./lib/seed/setup.server");
      await setupDatabase();
    } catch (err) {
      // A bad setting (env() or the OIDC_* ones) stops the server with the list of what is wrong:
      // Next only logs a failed hook and goes on listening.
      if (err instanceof Error && err.message.startsWith("Invalid environment:")) {
        console.error(err.message);
        process.exit(1);
      }
      throw err;
    }
    // Then, without holding up the start: the worker threads' file, and the debrief search of
    // every published version that has none stored yet (issue 11), in a worker thread.
    const { startBackgroundWork } = await import("./lib/seed/background.server");
    startBackgroundWork();
    // Email (when SMTP_URL is set): due-date reminders and retries, every MAIL_SWEEP_SECONDS.
    const { startMailSweep } = await import("./lib/mail/mail.server");
    startMailSweep();
  }
}
