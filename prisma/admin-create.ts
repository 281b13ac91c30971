/** `npm run admin:create -- --email … --name …`: the first administrator and their one-time sign-in link (lib/cli/admin-create.server.ts). */
import { adminCreate } from "../lib/cli/admin-create.server";
import { db } from "../lib/db/client.server";
import { migrate } from "../lib/db/migrate.server";
import { env } from "../lib/env.server";

const e = env();
// An empty database is made ready first (as the server would on start).
await migrate(e.DATABASE_URL);
const code = await adminCreate(process.argv.slice(2), {
  db: db(),
  env: { BETTER_AUTH_URL: e.BETTER_AUTH_URL, PORT: process.env.PORT, HOST: e.HOST },
  out: (line) => console.log(line),
  err: (line) => console.error(line),
});
await db().$disconnect();
process.exit(code);
