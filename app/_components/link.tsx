import NextLink from "next/link";
import type { ComponentProps } from "react";

/**
 * The app's links: next/link without automatic prefetching (D74). Every page here is rendered on
 * demand for the person signed in, so a prefetch in the background fetches little that helps, and
 * on a phone it costs the main thread just after load: the team scorecard prefetched each
 * trainee's page twice. A link can still opt in with `prefetch`.
 */
export default function Link({ prefetch = false, ...props }: ComponentProps<typeof NextLink>) {
  return <NextLink prefetch={prefetch} {...props} />;
}
