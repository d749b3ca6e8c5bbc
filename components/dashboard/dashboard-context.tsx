"use client";

import { createContext, useContext, type ReactNode } from "react";
import type { NetworkLabel } from "@/components/checkout/network-label";
import { can, type Permission, type Role } from "@/server/auth/permissions";

/** What every dashboard screen knows: who is signed in, which merchant and mode it shows, the caller's role. */
export interface DashboardState {
  user: { id: string; email: string };
  merchant: { id: string; slug: string; name: string };
  role: Role;
  livemode: boolean;
  merchants: { id: string; slug: string; name: string; role: Role }[];
  networks: Record<string, NetworkLabel>;
}

const DashboardContext = createContext<DashboardState | null>(null);

export function DashboardProvider({ value, children }: { value: DashboardState; children: ReactNode }) {
  return <DashboardContext.Provider value={value}>{children}</DashboardContext.Provider>;
}

/** The dashboard's state, plus helpers: `scope` for merchant procedures, `href` for links, `can` for hiding. */
export function useDashboard() {
  const state = useContext(DashboardContext);
  if (!state) throw new Error("useDashboard outside the dashboard layout");
  const base = `/dashboard/${state.merchant.slug}/${state.livemode ? "live" : "test"}`;
  return {
    ...state,
    scope: { merchantId: state.merchant.id, livemode: state.livemode },
    base,
    href: (path = "") => `${base}${path}`,
    can: (permission: Permission) => can(state.role, permission),
  };
}
