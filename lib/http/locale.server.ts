import "server-only";
import { headers } from "next/headers";
import { cache } from "react";
import { negotiateLocale } from "../ui/dates";

/**
 * The reader's locale for dates and numbers, from the request's Accept-Language. Worked out once
 * per request (React's `cache`): a page such as the team scorecard shows a date on every row.
 */
export const requestLocale = cache(async (): Promise<string> => negotiateLocale((await headers()).get("accept-language")));
