import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session.server";
import { PageHeader } from "@/app/_components/ui";
import { AdminNav } from "../_components/admin-nav";
import { RosterImport } from "./roster-import";

export const metadata: Metadata = { title: "Import a roster" };

export default async function RosterPage() {
  await requireUser(["admin"], "/admin/roster");
  return (
    <>
      <AdminNav current="/admin/roster" />
      <PageHeader title="Import a roster">
        <p>
          A CSV with a header line <code className="font-mono">email,name,roles,team</code> and one person a line. Roles:{" "}
          <code>trainee</code>, <code>trainer</code>, <code>manager</code>, <code>admin</code>, several separated by spaces or{" "}
          <code>;</code> (empty: trainee for a new person, kept for someone already here). A team that does not exist is created; a manager
          manages the team on their line.
        </p>
        <p className="mt-2">
          New addresses get an invitation; people already here get the line&apos;s roles and team (their names stay theirs). You see what
          will happen first, and importing the same file again changes nothing.
        </p>
      </PageHeader>
      <RosterImport />
    </>
  );
}
