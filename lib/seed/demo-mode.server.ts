import "server-only";
import type { Db } from "../db/client.server";
import { deactivateUsers } from "../data/users/deactivate-users.server";
import { reactivateUsers } from "../data/users/reactivate-users.server";
import { DEMO_TEAM_TRAINEES, NORTH_MANAGER, NORTH_TRAINEES } from "./demo-team.server";
import { DEMO_ACCOUNTS } from "./seed.server";

/** `deactivatedBy` of the demo accounts turned off because DEMO_MODE is off. */
export const DEMO_MODE_OFF = "demo-mode";

/** Every account demo mode creates: the ones on the sign-in page and the simulated teams. */
export function demoEmails(): string[] {
  return [...DEMO_ACCOUNTS, ...DEMO_TEAM_TRAINEES, NORTH_MANAGER, ...NORTH_TRAINEES].map((a) => a.email);
}

/**
 * Demo accounts are usable only while demo mode is on: their passwords are public. Off, they are
 * turned off and signed out (their runs stay, for when it is on again); on, the ones demo mode
 * turned off are turned on again (not an account someone else turned off).
 */
export async function applyDemoMode(db: Db, on: boolean, log: (line: string) => void = () => {}): Promise<number> {
  if (on) {
    const count = await reactivateUsers(db, demoEmails(), DEMO_MODE_OFF);
    if (count) log(`  demo mode on: ${count} demo account(s) turned on again`);
    return count;
  }
  const count = await deactivateUsers(db, demoEmails(), DEMO_MODE_OFF);
  if (count) log(`  demo mode off: ${count} demo account(s) turned off and signed out`);
  return count;
}
