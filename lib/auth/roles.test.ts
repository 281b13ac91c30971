import { describe, expect, it } from "vitest";
import { grantableRoles, hasAnyRole, homePath, libraryPath, normalizeRoles, parseRoleList, roleList } from "./roles";

describe("roles", () => {
  it("lands each person on their own work; a person with several roles on the first of manager, trainer, admin, trainee", () => {
    expect(homePath(["trainee"])).toBe("/");
    expect(homePath(["manager"])).toBe("/manager");
    expect(homePath(["trainer"])).toBe("/trainer/scenarios");
    expect(homePath(["admin"])).toBe("/admin/people");
    expect(homePath(["trainer", "manager"])).toBe("/manager");
    expect(homePath(["trainee", "admin"])).toBe("/admin/people");
    expect(homePath([])).toBe("/");
  });

  it("gives a manager a Library link past the redirect of / to their team", () => {
    expect(libraryPath(["trainee"])).toBe("/");
    expect(libraryPath(["trainer", "admin"])).toBe("/");
    expect(libraryPath(["trainee", "manager"])).toBe("/?view=library");
  });

  it("an administrator may grant every role; anyone else none", () => {
    expect(grantableRoles(["admin"])).toEqual(["trainee", "trainer", "manager", "admin"]);
    expect(grantableRoles(["trainer", "manager"])).toEqual([]);
  });

  it("reads role lists as people type them, and keeps known roles once in a fixed order", () => {
    expect(parseRoleList(" Manager; trainer |TRAINER ")).toEqual({ roles: ["trainer", "manager"], unknown: [] });
    expect(parseRoleList("trainee, boss")).toEqual({ roles: ["trainee"], unknown: ["boss"] });
    expect(normalizeRoles(["admin", "x", 3, "trainee"])).toEqual(["trainee", "admin"]);
    expect(roleList(["trainer", "manager"])).toBe("Trainer, Manager");
    expect(hasAnyRole({ roles: ["trainer"] }, ["manager", "trainer"])).toBe(true);
    expect(hasAnyRole({ roles: [] }, ["trainee"])).toBe(false);
  });
});
