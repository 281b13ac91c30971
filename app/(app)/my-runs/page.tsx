import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session.server";
import { findRunsForUser } from "@/lib/data/runs.server";
import { db } from "@/lib/db/client.server";
import { PageHeader } from "../../_components/ui";

export const metadata: Metadata = { title: "My runs" };

export default async function MyRunsPage() {
  const user = await requireUser();
  const runs = await findRunsForUser(db(), user.id);
  return (
    <>
      <PageHeader title="My runs" />
      <p>{runs.length} runs</p>
    </>
  );
}
