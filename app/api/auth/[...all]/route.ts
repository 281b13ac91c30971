import { AUTH_BODY_LIMIT_BYTES } from "@/lib/auth/input-limits.server";
import { auth, withResolvedIp } from "@/lib/auth/auth.server";

const tooLarge = () =>
  Response.json(
    { code: "BODY_TOO_LARGE", message: `The request body is too large (at most ${AUTH_BODY_LIMIT_BYTES / 1024} KiB).` },
    { status: 413 },
  );

/** The body, read up to the limit; null when it is larger (an undeclared huge body is never held whole). */
async function readCapped(request: Request): Promise<Blob | null> {
  if (!request.body) return new Blob([]);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > AUTH_BODY_LIMIT_BYTES) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return new Blob(chunks as BlobPart[]);
}

/**
 * Better Auth's HTTP endpoints, given the client address this app resolved (never one the client
 * claims; lib/http/client-ip.server.ts) and a body of at most AUTH_BODY_LIMIT_BYTES.
 */
async function handle(request: Request): Promise<Response> {
  let body: Blob | undefined;
  if (request.method !== "GET" && request.method !== "HEAD") {
    if (Number(request.headers.get("content-length") ?? "0") > AUTH_BODY_LIMIT_BYTES) return tooLarge();
    const read = await readCapped(request);
    if (!read) return tooLarge();
    body = read;
  }
  return auth().handler(new Request(request.url, { method: request.method, headers: withResolvedIp(request.headers), body }));
}

export const GET = handle;
export const POST = handle;
