import Link from "next/link";
import { AppHeader, Main } from "./_components/app-header";
import { PageHeader } from "./_components/ui";

export default function NotFound() {
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
