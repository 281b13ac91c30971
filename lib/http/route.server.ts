import { z } from "zod";
import { AppError } from "../errors";

/**
 * Wraps a route handler: AppErrors become their status with a JSON body, a body that is not
 * JSON or does not match the schema is a 400 that says what is wrong, anything else is a 500
 * with no internals in the body (logged on the server).
 */
export function jsonRoute<Ctx>(handler: (request: Request, ctx: Ctx) => Promise<Response>) {
  return async (request: Request, ctx: Ctx): Promise<Response> => {
    try {
      return await handler(request, ctx);
    } catch (err) {
      if (err instanceof AppError) return Response.json(err.toJSON(), { status: err.status });
      console.error("[steady] unexpected error in", request.method, new URL(request.url).pathname, err);
      return Response.json({ error: { code: "internal", message: "something went wrong on our side; try again" } }, { status: 500 });
    }
  };
}

const MAX_BODY = 16 * 1024;

export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.infer<T>> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.includes("application/json")) throw new AppError("bad-request", "send a JSON body with content-type: application/json");
  const text = await request.text();
  if (text.length > MAX_BODY) throw new AppError("bad-request", "the body is too large");
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

export const IdParam = z.string().min(1).max(100).regex(/^[A-Za-z0-9_-]+$/, "not a valid id");

export function parseParam(value: string, what: string): string {
  const parsed = IdParam.safeParse(value);
  if (!parsed.success) throw new AppError("not-found", `${what} not found`);
  return parsed.data;
}
