import type { Metadata } from "next";
import { ScheduleDetail } from "@/components/dashboard/schedules/schedule-detail";

export const metadata: Metadata = { title: "Invoice schedule" };

export default async function Page({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return <ScheduleDetail id={id} />;
}
