import Link from "@/app/_components/link";
import { PageHeader } from "./ui";
import { linkStyle } from "./ui";

/** What a missing page says, inside whichever header its layout draws (one header either way). */
export function NotFoundMessage() {
  return (
    <PageHeader title="Page not found">
      That page does not exist, or it is not yours to see.{" "}
      <Link className={linkStyle} href="/">
        Back to your start page
      </Link>
      .
    </PageHeader>
  );
}
