/**
 * Roles (decision D54). A person holds one or more; each opens a part of the app, and every page
 * and route checks them on the server (lib/auth/session.server.ts). Browser-safe: no server code.
 */
export const ROLES = ["trainee", "trainer", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABEL: Record<Role, string> = { trainee: "Trainee", trainer: "Trainer", manager: "Manager", admin: "Admin" };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Known roles only, each once, in ROLES order. */
export function normalizeRoles(values: readonly unknown[]): Role[] {
  return ROLES.filter((r) => values.includes(r));
}

export function hasRole(user: { roles: readonly Role[] }, role: Role): boolean {
  return user.roles.includes(role);
}

export function hasAnyRole(user: { roles: readonly Role[] }, roles: readonly Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}

/**
 * Where each role's work is, in the order a person holding several lands: a team lead's team
 * before their scenarios, an administrator's people after both, and the library for everyone
 * else (every role may practise).
 */
export const ROLE_HOME: readonly { role: Role; path: string; label: string }[] = [
  { role: "manager", path: "/manager", label: "Team" },
  { role: "trainer", path: "/trainer/scenarios", label: "Scenarios" },
  { role: "admin", path: "/admin/people", label: "People" },
  { role: "trainee", path: "/", label: "Library" },
];

/**
 * `/` is the library, except for a manager: it takes them to their team (single sign-on and the
 * logo land on `/`). Their Library link carries this query to open the library itself.
 */
export const LIBRARY_VIEW = { view: "library", path: "/?view=library" } as const;

/** The header's Library link for these roles. */
export function libraryPath(roles: readonly Role[]): string {
  return roles.includes("manager") ? LIBRARY_VIEW.path : "/";
}

/** Where sign-in lands a person with these roles (when no page was asked for). */
export function homePath(roles: readonly Role[]): string {
  return ROLE_HOME.find((h) => roles.includes(h.role))?.path ?? "/";
}

/**
 * The roles an administrator's invitation (or import) may hand out: never more than the inviter
 * holds, where holding `admin` covers every role. Anyone else may grant nothing.
 */
export function grantableRoles(inviterRoles: readonly Role[]): Role[] {
  return inviterRoles.includes("admin") ? [...ROLES] : [];
}

/** Parses "trainer;manager" / "trainer manager" / "trainer|manager" / "trainer,manager"; unknown words are returned apart. */
export function parseRoleList(text: string): { roles: Role[]; unknown: string[] } {
  const words = text
    .split(/[\s,;|/]+/)
    .map((w) => w.trim().toLowerCase())
    .filter(Boolean);
  return { roles: normalizeRoles(words), unknown: words.filter((w) => !isRole(w)) };
}

export function roleList(roles: readonly Role[]): string {
  return roles.map((r) => ROLE_LABEL[r]).join(", ");
}
