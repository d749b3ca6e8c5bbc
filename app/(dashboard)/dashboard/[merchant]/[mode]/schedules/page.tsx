import type { Metadata } from "next";
import { SchedulesPage } from "@/components/dashboard/schedules/schedules-page";

export const metadata: Metadata = { title: "Invoice schedules" };

export default function Page() {
  return <SchedulesPage />;
}
