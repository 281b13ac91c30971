import { NotFoundMessage } from "@/app/_components/not-found-message";

/** A page of the app that called notFound(): the app's layout already draws the header. */
export default function NotFound() {
  return <NotFoundMessage />;
}
