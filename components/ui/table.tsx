import type { ComponentProps } from "react";
import { cn } from "./cn";

/** A dense data table: the dashboard's main tool. */
export function Table({ className, ...props }: ComponentProps<"table">) {
  // relative: the scroller is the containing block of its cells' absolutely placed text (a copy button's sr-only
  // label), so a wide table's hidden text is clipped with it instead of widening the whole page on a phone.
  return (
    <div className="relative w-full overflow-x-auto">
      <table className={cn("w-full border-collapse text-sm", className)} {...props} />
    </div>
  );
}

export function THead({ className, ...props }: ComponentProps<"thead">) {
  return (
    <thead
      className={cn("border-b bg-muted/50 text-left text-xs uppercase tracking-wide text-muted-foreground", className)}
      {...props}
    />
  );
}

export function TH({ className, ...props }: ComponentProps<"th">) {
  return <th className={cn("h-9 whitespace-nowrap px-3 font-medium first:pl-4 last:pr-4", className)} {...props} />;
}

export function TR({ className, ...props }: ComponentProps<"tr">) {
  return <tr className={cn("border-b last:border-b-0", className)} {...props} />;
}

export function TD({ className, ...props }: ComponentProps<"td">) {
  return <td className={cn("h-11 px-3 align-middle first:pl-4 last:pr-4", className)} {...props} />;
}
