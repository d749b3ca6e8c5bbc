import { redirect } from "next/navigation";
import { currentSession } from "@/server/auth/current-session";
import { db } from "@/server/db";
import { listUserMerchants } from "@/server/team/list-user-merchants";

/** `/dashboard`: the first merchant of the signed-in user, in test mode; a user with none creates one. */
export default async function DashboardIndex() {
  const session = await currentSession();
  if (!session) redirect("/login");
  const [first] = await listUserMerchants(db(), session.userId);
  redirect(first ? `/dashboard/${first.slug}/test` : "/dashboard/new");
}
