import { Link2Off } from "lucide-react";
import type { Metadata } from "next";
import { checkoutStrings as t } from "@/components/checkout/strings";
import { Card } from "@/components/ui/card";

// A 404 answer takes its metadata from this boundary, not from the page's generateMetadata.
export const metadata: Metadata = { title: t.notFound.title };

/** 404 of the hosted page: an unknown or mistyped payment link. The page renders it directly (see proxy.ts). */
export default function PaymentLinkNotFound() {
  return (
    <Card className="flex w-full max-w-md flex-col items-center gap-3 px-6 py-10 text-center">
      <Link2Off aria-hidden className="size-8 text-muted-foreground" />
      <h1 className="text-xl font-semibold tracking-tight">{t.notFound.title}</h1>
      <p className="text-sm leading-6 text-muted-foreground">{t.notFound.body}</p>
    </Card>
  );
}
