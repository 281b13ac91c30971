import { z } from "zod";
import { AppError } from "@/lib/errors";

/** A scenario is at most 1 MB of YAML; its JSON string can be somewhat longer (escapes). */
const MAX_BODY = 3 * 1024 * 1024;

/**
 * Like lib/http's readJson (same errors), with room for a whole scenario: that helper caps
 * bodies at 16 KB for the run API.
 */
export async function readScenarioJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("bad-request", "send a JSON body with content-type: application/json");
  if (Number(request.headers.get("content-length") ?? "0") > MAX_BODY) throw tooLarge();
  let text = "";
  if (request.body) {
    const reader = request.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_BODY) {
        await reader.cancel();
        throw tooLarge();
      }
      chunks.push(value);
    }
    text = new TextDecoder().decode(Buffer.concat(chunks));
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError("bad-request", "the body is not valid JSON");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new AppError("bad-request", parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; "));
  }
  return parsed.data;
}

const tooLarge = () => new AppError("bad-request", "the scenario is too large (at most 1 MB of YAML)");

export const Yaml = z.string().max(2 * 1024 * 1024, "the scenario is too large (at most 1 MB of YAML)");

/** A version number from the URL; anything else is a 404, like an unknown id. */
export function parseVersionParam(value: string): number {
  if (!/^[1-9][0-9]{0,8}$/.test(value)) throw new AppError("not-found", "scenario version not found");
  return Number(value);
}
