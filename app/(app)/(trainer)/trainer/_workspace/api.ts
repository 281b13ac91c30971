import { sentence } from "@/lib/errors";
/** The workspace's calls to its JSON routes: never throws, a network failure is a status-0 answer. */
export interface ApiAnswer {
  ok: boolean;
  status: number;
  body: unknown;
}

export async function postJson(url: string, method: "POST" | "PUT" | "DELETE", data?: unknown): Promise<ApiAnswer> {
  try {
    const response = await fetch(url, {
      method,
      headers: data === undefined ? {} : { "content-type": "application/json" },
      body: data === undefined ? undefined : JSON.stringify(data),
    });
    let body: unknown = null;
    try {
      body = await response.json();
    } catch {
      // not JSON: the message below says what happened
    }
    return { ok: response.ok, status: response.status, body };
  } catch {
    return { ok: false, status: 0, body: null };
  }
}

export function errorOf(answer: ApiAnswer): { code: string; message: string; detail?: Record<string, unknown> } | null {
  const error = (answer.body as { error?: { code?: unknown; message?: unknown; detail?: unknown } } | null)?.error;
  if (!error || typeof error.code !== "string" || typeof error.message !== "string") return null;
  return { code: error.code, message: error.message, detail: (error.detail as Record<string, unknown> | undefined) ?? undefined };
}

export function errorMessage(answer: ApiAnswer): string {
  if (answer.status === 0) return "Could not reach the server. Your text is kept here; try again.";
  const error = errorOf(answer);
  if (error) return sentence(error.message);
  return `The server answered ${answer.status}. Your text is kept here; try again.`;
}
