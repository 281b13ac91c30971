/** Runs once when a server process starts: the database is created, migrated and seeded here. */
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { setupDatabase } = await import("./lib/seed/setup.server");
    await setupDatabase();
  }
}
