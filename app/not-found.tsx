import Link from "next/link";
import { PageHeader } from "./_components/ui";

export default function NotFound() {
  return (
    <PageHeader title="Page not found">
      That page does not exist. <Link className="text-brand-700 underline" href="/">Back to the scenario library</Link>.
    </PageHeader>
  );
}
