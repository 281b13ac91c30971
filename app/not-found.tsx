import { connection } from "next/server";
import { AppHeader, Main } from "./_components/app-header";
import { NotFoundMessage } from "./_components/not-found-message";

/** A URL that matches no page: no layout of the app around it, so it draws the header itself. */
export default async function NotFound() {
  // Rendered per request like every page, so Next can put the CSP nonce on its scripts (proxy.ts).
  await connection();
  return (
    <>
      <AppHeader />
      <Main>
        <NotFoundMessage />
      </Main>
    </>
  );
}
