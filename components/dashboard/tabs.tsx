"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { useDashboard } from "./dashboard-context";

/** Sub-navigation of a section (Developers, Settings): links, the current one marked. */
export function SectionTabs({ label, tabs }: { label: string; tabs: { path: string; label: string }[] }) {
  const { href } = useDashboard();
  const pathname = usePathname() ?? ""; // null only under the pages router (the hosted page), never here
  const current = [...tabs]
    .sort((a, b) => b.path.length - a.path.length)
    .find((t) => pathname.startsWith(href(t.path)));
  return (
    <nav aria-label={label} className="mb-6 border-b">
      <ul className="-mb-px flex gap-4">
        {tabs.map((t) => (
          <li key={t.path}>
            <Link
              href={href(t.path)}
              aria-current={t === current ? "page" : undefined}
              className={cn(
                "inline-block border-b-2 px-1 pb-2 text-sm",
                t === current
                  ? "border-accent font-medium text-foreground"
                  : "border-transparent text-muted-foreground hover:text-foreground",
              )}
            >
              {t.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** What a role that may not see a screen is told (the server refuses the data anyway). */
export function NotAllowed({ what }: { what: string }) {
  const { role } = useDashboard();
  return (
    <div className="rounded-xl border border-dashed p-8 text-center text-sm text-muted-foreground">
      Your role (<strong className="text-foreground">{role}</strong>) does not give access to {what}. Ask an owner or
      admin if you need it.
    </div>
  );
}
