import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A bordered surface; the hosted page is one of these. */
export function Card({ className, ...props }: ComponentProps<"div">) {
  return (
    <div
      className={cn("rounded-2xl border bg-card text-card-foreground shadow-sm dark:shadow-none", className)}
      {...props}
    />
  );
}

/** A padded section of a card, separated from the previous one by a rule. */
export function CardSection({ className, ...props }: ComponentProps<"section">) {
  return <section className={cn("border-t px-5 py-5 first:border-t-0 sm:px-8", className)} {...props} />;
}
