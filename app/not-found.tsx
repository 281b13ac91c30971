import Link from "next/link";
import { connection } from "next/server";
import { AppHeader, Main } from "./_components/app-header";
import { PageHeader } from "./_components/ui";

export default async function NotFound() {
  // Rendered per request like every page, so Next can put the CSP nonce on its scripts (proxy.ts).
  await connection();
  return (
    <>
      <AppHeader />
      <Main>
        <PageHeader title="Page not found">
          That page does not exist, or it is not yours to see.{" "}
          <Link className="text-brand-700 underline" href="/">
            Back to the scenario library
          </Link>
          .
        </PageHeader>
      </Main>
    </>
  );
}
