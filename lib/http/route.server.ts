import "server-only";
import { z } from "zod";
import { env } from "../env.server";
import { AppError } from "../errors";
import { checkOrigin, isSafeMethod } from "./origin";

/**
 * Wraps a route handler: AppErrors become their status with a JSON body, a body that is not
 * JSON or does not match the schema is a 400 that says what is wrong, anything else is a 500
 * with no internals in the body (logged on the server). A POST, PUT, PATCH or DELETE whose
 * Origin is another site's (or "null") is refused with 403 before the handler runs; one with no
 * Origin (curl, another server) is not, since browsers always send it (lib/http/origin.ts).
 */
export function jsonRoute<Ctx>(handler: (request: Request, ctx: Ctx) => Promise<Response>) {
  return async (request: Request, ctx: Ctx): Promise<Response> => {
    try {
      if (!isSafeMethod(request.method)) {
        const origin = checkOrigin(request.headers, env().BETTER_AUTH_URL);
        if (!origin.ok) throw new AppError("forbidden", origin.message);
      }
      return await handler(request, ctx);
    } catch (err) {
      if (err instanceof AppError) {
        // A 429 or 503 says when to come back: `detail.retryAfterSeconds`, also as Retry-After.
        const retry = err.detail?.retryAfterSeconds;
        const headers = typeof retry === "number" ? { "retry-after": String(retry) } : undefined;
        return Response.json(err.toJSON(), { status: err.status, headers });
      }
      console.error("[steady] unexpected error in", request.method, new URL(request.url).pathname, err);
      return Response.json({ error: { code: "internal", message: "Something went wrong on our side; try again." } }, { status: 500 });
    }
  };
}

const MAX_BODY = 16 * 1024;

export interface ReadJsonOptions {
  /** Largest body accepted (default 16 KiB, enough for the run API). */
  maxBytes?: number;
  /** What a too-large body is told. */
  tooLarge?: string;
}

export async function readJson<T extends z.ZodType>(request: Request, schema: T, options: ReadJsonOptions = {}): Promise<z.infer<T>> {
  const limit = options.maxBytes ?? MAX_BODY;
  const tooLarge = options.tooLarge ?? `the body is too large (at most ${limit} bytes)`;
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  if (type !== "application/json") throw new AppError("bad-request", "send a JSON body with content-type: application/json");
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) throw new AppError("bad-request", tooLarge);
  const text = await readCapped(request, limit, tooLarge);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError("bad-request", "the body is not valid JSON");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const message = parsed.error.issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join("; ");
    throw new AppError("bad-request", message);
  }
  return parsed.data;
}

/** Reads at most `limit` bytes of the body, so an undeclared huge body is never held in memory. */
async function readCapped(request: Request, limit: number, tooLarge: string): Promise<string> {
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw new AppError("bad-request", tooLarge);
    }
    chunks.push(value);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

/** For the methods a JSON route does not take: 405 with the usual error body. */
export function methodNotAllowed(allow: string) {
  return () => Response.json({ error: { code: "method-not-allowed", message: `use ${allow}` } }, { status: 405, headers: { allow } });
}

export const IdParam = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[A-Za-z0-9_-]+$/, "not a valid id");

export function parseParam(value: string, what: string): string {
  const parsed = IdParam.safeParse(value);
  if (!parsed.success) throw new AppError("not-found", `${what} not found`);
  return parsed.data;
}
