import { redirect } from "next/navigation";

// Batches are listed with their payouts: switching mode from a batch's page lands on the list.
export default async function Page({ params }: { params: Promise<{ merchant: string; mode: string }> }) {
  const { merchant, mode } = await params;
  redirect(`/dashboard/${merchant}/${mode}/payouts`);
}
