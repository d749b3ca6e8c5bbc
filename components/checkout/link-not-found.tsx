import { Link2Off } from "lucide-react";
import { Card } from "@/components/ui/card";
import { checkoutStrings as t } from "./strings";

/** The hosted page's 404: an unknown or mistyped payment link, explained in the server's HTML. */
export function PaymentLinkNotFound() {
  return (
    <Card className="flex w-full max-w-md flex-col items-center gap-3 px-6 py-10 text-center">
      <Link2Off aria-hidden className="size-8 text-muted-foreground" />
      <h1 className="text-xl font-semibold tracking-tight">{t.notFound.title}</h1>
      <p className="text-sm leading-6 text-muted-foreground">{t.notFound.body}</p>
    </Card>
  );
}
