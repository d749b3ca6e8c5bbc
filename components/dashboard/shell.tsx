"use client";

import { useMutation } from "@tanstack/react-query";
import {
  Blocks,
  ChevronsUpDown,
  Scale,
  ScanSearch,
  Code2,
  Contact,
  FileSpreadsheet,
  FileText,
  Home,
  LogOut,
  MonitorOff,
  Plus,
  Repeat,
  Settings,
  ShieldAlert,
  Users,
  Wallet,
  Check,
} from "lucide-react";
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { signOut } from "next-auth/react";
import type { ReactNode } from "react";
import { cn } from "@/components/ui/cn";
import {
  DropdownMenu,
  DropdownMenuContent,
  DropdownMenuItem,
  DropdownMenuLabel,
  DropdownMenuSeparator,
  DropdownMenuTrigger,
} from "@/components/ui/dropdown-menu";
import { useTRPC } from "@/components/trpc-provider";
import { useDashboard } from "./dashboard-context";

const nav = [
  { path: "", label: "Overview", icon: Home },
  { path: "/invoices", label: "Invoices", icon: FileText },
  { path: "/schedules", label: "Schedules", icon: Repeat },
  { path: "/customers", label: "Customers", icon: Contact },
  { path: "/review", label: "Review", icon: ShieldAlert },
  { path: "/balances", label: "Balances", icon: Scale },
  { path: "/reconciliation", label: "Reconciliation", icon: ScanSearch, permission: "reconciliation:read" },
  { path: "/exports", label: "Exports", icon: FileSpreadsheet, permission: "exports:read" },
  { path: "/payouts", label: "Payouts", icon: Wallet, permission: "payouts:read" },
  { path: "/participants", label: "Participants", icon: Users, permission: "payouts:read" },
  { path: "/wallets", label: "Wallets", icon: Blocks },
  { path: "/developers", label: "Developers", icon: Code2 },
  { path: "/settings", label: "Settings", icon: Settings },
] as const;

/** The section of a dashboard path: detail pages map to their list, so switching mode lands somewhere that exists. */
function sectionOf(subpath: string): string {
  const parts = subpath.split("/").filter(Boolean);
  const objectAt = parts.findIndex((p) => /^[a-z]+_[0-9A-Za-z]{10,}$/.test(p));
  return objectAt === -1 ? subpath : `/${parts.slice(0, objectAt).join("/")}`;
}

function MerchantSwitcher() {
  const { merchant, merchants, livemode, role } = useDashboard();
  const router = useRouter();
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex h-9 min-w-0 max-w-64 items-center gap-2 rounded-md border bg-card px-2.5 text-sm font-medium hover:bg-muted"
        aria-label={`Merchant: ${merchant.name}. Switch merchant`}
      >
        <span className="flex size-5 items-center justify-center rounded bg-accent text-[11px] font-semibold uppercase text-accent-foreground">
          {merchant.name.slice(0, 1)}
        </span>
        <span className="truncate">{merchant.name}</span>
        <span className="hidden text-xs font-normal text-muted-foreground sm:inline">{role}</span>
        <ChevronsUpDown aria-hidden className="size-3.5 text-muted-foreground" />
      </DropdownMenuTrigger>
      <DropdownMenuContent>
        <DropdownMenuLabel>Your merchants</DropdownMenuLabel>
        {merchants.map((m) => (
          <DropdownMenuItem
            key={m.id}
            onSelect={() => router.push(`/dashboard/${m.slug}/${livemode ? "live" : "test"}`)}
          >
            <span className="flex-1 truncate">{m.name}</span>
            <span className="text-xs text-muted-foreground">{m.role}</span>
            {m.id === merchant.id && <Check aria-label="current" className="size-4" />}
          </DropdownMenuItem>
        ))}
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => router.push("/dashboard/new")}>
          <Plus aria-hidden className="size-4" /> New merchant
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

function ModeSwitch() {
  const { livemode, merchant, base } = useDashboard();
  const router = useRouter();
  const pathname = usePathname() ?? ""; // null only under the pages router (the hosted page), never here
  const toggle = () => {
    const section = sectionOf(pathname.slice(base.length));
    router.push(`/dashboard/${merchant.slug}/${livemode ? "test" : "live"}${section}`);
  };
  return (
    <button
      type="button"
      role="switch"
      aria-checked={!livemode}
      onClick={toggle}
      className="flex h-9 shrink-0 items-center gap-2 whitespace-nowrap rounded-md px-2 text-sm font-medium hover:bg-muted"
    >
      <span
        className={cn(
          "relative inline-flex h-5 w-9 shrink-0 rounded-full transition-colors",
          livemode ? "bg-zinc-300 dark:bg-zinc-600" : "bg-amber-500",
        )}
      >
        <span
          className={cn(
            "absolute top-0.5 size-4 rounded-full bg-white shadow transition-transform",
            livemode ? "translate-x-0.5" : "translate-x-[18px]",
          )}
        />
      </span>
      Test mode
    </button>
  );
}

function UserMenu() {
  const { user } = useDashboard();
  const trpc = useTRPC();
  // Every session of the user ends, this one too: then leave through next-auth's sign-out to clear the cookie.
  const everywhere = useMutation(
    trpc.account.signOutEverywhere.mutationOptions({ onSuccess: () => void signOut({ callbackUrl: "/login" }) }),
  );
  return (
    <DropdownMenu>
      <DropdownMenuTrigger
        className="flex size-8 shrink-0 items-center justify-center rounded-full border bg-card text-sm font-semibold uppercase text-accent hover:bg-muted"
        aria-label={`Account: ${user.email}`}
      >
        {user.email.slice(0, 1)}
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">
        <DropdownMenuLabel className="truncate">{user.email}</DropdownMenuLabel>
        <DropdownMenuSeparator />
        <DropdownMenuItem onSelect={() => void signOut({ callbackUrl: "/login" })}>
          <LogOut aria-hidden className="size-4" /> Sign out
        </DropdownMenuItem>
        <DropdownMenuItem disabled={everywhere.isPending} onSelect={() => everywhere.mutate()}>
          <MonitorOff aria-hidden className="size-4" /> Sign out everywhere
        </DropdownMenuItem>
      </DropdownMenuContent>
    </DropdownMenu>
  );
}

/** The dashboard frame: left navigation, a top bar with the merchant switcher and the mode switch, test mode marked. */
export function DashboardShell({ children }: { children: ReactNode }) {
  const { livemode, href, base, can } = useDashboard();
  const pathname = usePathname() ?? ""; // null only under the pages router (the hosted page), never here
  const current = pathname.slice(base.length);
  return (
    // clip, not hidden: nothing pans sideways on a phone, and the sticky bars keep working.
    <div className="min-h-dvh overflow-x-clip">
      {!livemode && (
        <div className="sticky top-0 z-30 flex h-7 items-center justify-center bg-amber-500 px-3 text-xs font-semibold text-amber-950">
          Test mode: test networks and test data only.
          <span className="hidden sm:inline">&nbsp;Nothing here moves real funds.</span>
        </div>
      )}
      <div className="flex">
        {/* The column carries the background the whole page down; the navigation inside it stays in view. */}
        <div className="hidden w-56 shrink-0 border-r bg-card/50 md:block">
          <aside
            className={cn(
              "sticky flex flex-col px-3 py-4",
              livemode ? "top-0 h-dvh" : "top-7 h-[calc(100dvh-1.75rem)]",
            )}
          >
            <Link href={href()} className="mb-6 px-2 text-sm font-semibold uppercase tracking-wider text-accent">
              Payrail
            </Link>
            <nav aria-label="Dashboard">
              <ul className="flex flex-col gap-0.5">
                {nav
                  .filter((item) => !("permission" in item) || can(item.permission))
                  .map((item) => {
                    const active = item.path === "" ? current === "" : current.startsWith(item.path);
                    return (
                      <li key={item.label}>
                        <Link
                          href={href(item.path)}
                          aria-current={active ? "page" : undefined}
                          className={cn(
                            "flex h-8 items-center gap-2.5 rounded-md px-2 text-sm",
                            active
                              ? "bg-muted font-medium text-foreground"
                              : "text-muted-foreground hover:bg-muted hover:text-foreground",
                          )}
                        >
                          <item.icon aria-hidden className="size-4" />
                          <span className="flex-1">{item.label}</span>
                          {"soon" in item && (
                            <span className="text-[10px] uppercase tracking-wide text-muted-foreground">Soon</span>
                          )}
                        </Link>
                      </li>
                    );
                  })}
              </ul>
            </nav>
          </aside>
        </div>
        <div className="min-w-0 flex-1">
          <header
            className={cn(
              "sticky z-20 flex h-14 items-center justify-between gap-2 border-b bg-background/90 px-3 backdrop-blur sm:px-6",
              livemode ? "top-0" : "top-7",
            )}
          >
            <MerchantSwitcher />
            <div className="flex shrink-0 items-center gap-1 sm:gap-2">
              <ModeSwitch />
              <UserMenu />
            </div>
          </header>
          <nav aria-label="Dashboard sections" className="overflow-x-auto border-b md:hidden">
            <ul className="flex gap-1 px-3 py-2">
              {nav
                .filter((item) => !("permission" in item) || can(item.permission))
                .map((item) => {
                  const active = item.path === "" ? current === "" : current.startsWith(item.path);
                  return (
                    <li key={item.label}>
                      <Link
                        href={href(item.path)}
                        aria-current={active ? "page" : undefined}
                        className={cn(
                          "block whitespace-nowrap rounded-md px-2.5 py-1.5 text-sm",
                          active ? "bg-muted font-medium" : "text-muted-foreground",
                        )}
                      >
                        {item.label}
                      </Link>
                    </li>
                  );
                })}
            </ul>
          </nav>
          <main className="mx-auto w-full max-w-6xl px-4 py-6 sm:px-6">{children}</main>
        </div>
      </div>
    </div>
  );
}
