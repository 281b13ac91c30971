import { redirect } from "next/navigation";
import { requireUser } from "@/lib/auth/session.server";

export default async function AdminHome() {
  await requireUser(["admin"], "/admin");
  redirect("/admin/people");
}
