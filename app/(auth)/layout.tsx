import { AppHeader, Main } from "@/app/_components/app-header";

export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <AppHeader />
      <Main>{children}</Main>
    </>
  );
}
