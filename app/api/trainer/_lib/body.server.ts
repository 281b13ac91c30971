import "server-only";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { readJson } from "@/lib/http/route.server";

/** A scenario is at most 1 MB of YAML; its JSON string can be somewhat longer (escapes). */
const MAX_BODY = 3 * 1024 * 1024;

/** lib/http's readJson with room for a whole scenario (that helper's default suits the run API). */
export function readScenarioJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  return readJson(request, schema, { maxBytes: MAX_BODY, tooLarge: "the scenario is too large (at most 1 MB of YAML)" });
}

export const Yaml = z.string().max(2 * 1024 * 1024, "the scenario is too large (at most 1 MB of YAML)");

/** A version number from the URL; anything else is a 404, like an unknown id. */
export function parseVersionParam(value: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new AppError("not-found", "scenario version not found");
  return Number(value);
}
