import "server-only";
import { headers } from "next/headers";
import { negotiateLocale } from "../ui/dates";

/** The reader's locale for dates and numbers, from the request's Accept-Language. */
export async function requestLocale(): Promise<string> {
  return negotiateLocale((await headers()).get("accept-language"));
}
