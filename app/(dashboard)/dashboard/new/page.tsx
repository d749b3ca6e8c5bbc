import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { NewMerchantForm } from "@/components/auth/new-merchant-form";
import { currentSession } from "@/server/auth/current-session";
import { db } from "@/server/db";
import { listUserMerchants } from "@/server/team/list-user-merchants";

export const metadata: Metadata = { title: "New merchant" };

/** `/dashboard/new`: create a merchant (also where a user with no merchant lands). */
export default async function NewMerchantPage() {
  const session = await currentSession();
  if (!session) redirect("/login?callbackUrl=/dashboard/new");
  const merchants = await listUserMerchants(db(), session.userId);
  return (
    <main className="flex min-h-dvh items-center justify-center px-4">
      <div className="w-full max-w-sm rounded-2xl border bg-card p-6 shadow-sm sm:p-8">
        <NewMerchantForm hasMerchants={merchants.length > 0} />
      </div>
    </main>
  );
}
