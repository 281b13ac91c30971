/** `npm run db:setup`: create, migrate and seed the database named by DATABASE_URL (the server also does this on start). */
import { setupDatabase } from "../lib/seed/setup.server";

await setupDatabase();
process.exit(0);
