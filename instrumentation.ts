/** Runs once when a server process starts: the database is created, migrated and seeded here. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { setupDatabase } = await import("./lib/seed/setup.server");
    await setupDatabase();
    // Then, without holding up the start: the worker threads' file, and the debrief search of
    // every published version that has none stored yet (issue 11), in a worker thread.
    const { startBackgroundWork } = await import("./lib/seed/background.server");
    startBackgroundWork();
    // Email (when SMTP_URL is set): due-date reminders and retries, every MAIL_SWEEP_SECONDS.
    const { startMailSweep } = await import("./lib/mail/mail.server");
    startMailSweep();
  }
}
