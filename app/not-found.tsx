import type { Metadata } from "next";
import { buttonClasses } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found" };

/** 404 for any unknown URL. A plain link home: this boundary is part of every page, and next/link would add its JavaScript to all of them. */
export default function NotFound() {
  return (
    <main className="mx-auto flex min-h-dvh max-w-md flex-col items-center justify-center px-5 text-center">
      <p className="text-sm font-semibold text-muted-foreground">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight">Page not found</h1>
      <p className="mt-2 text-sm text-muted-foreground">The address may be mistyped, or the page may have moved.</p>
      {/* eslint-disable-next-line @next/next/no-html-link-for-pages -- see above: a full load of the home page is fine from a 404 */}
      <a href="/" className={buttonClasses({ variant: "secondary", className: "mt-6" })}>
        Go to the home page
      </a>
    </main>
  );
}
