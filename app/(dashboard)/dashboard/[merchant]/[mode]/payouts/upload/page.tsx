import type { Metadata } from "next";
import { UploadPage } from "@/components/dashboard/payouts/upload-page";

export const metadata: Metadata = { title: "Upload payouts" };

export default function Page() {
  return <UploadPage />;
}
