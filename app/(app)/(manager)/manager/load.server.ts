import "server-only";
import { notFound } from "next/navigation";
import { AppError } from "@/lib/errors";
import { IdParam } from "@/lib/http/route.server";

/** A bad id or something outside the manager's teams is a plain 404 page. */
export async function orNotFound<T>(id: string, load: (id: string) => Promise<T>): Promise<T> {
  if (!IdParam.safeParse(id).success) notFound();
  try {
    return await load(id);
  } catch (err) {
    if (err instanceof AppError && err.code === "not-found") notFound();
    throw err;
  }
}
