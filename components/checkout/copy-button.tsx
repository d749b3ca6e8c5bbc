import { Check, Copy } from "lucide-react";
import { buttonClasses } from "@/components/ui/button";
import { checkoutStrings as t } from "./strings";

/**
 * Copies `value` exactly as given (client/main.ts does the copying). Its accessible name is
 * "Copy <what>" and becomes "Copied" (or "Copy failed") for two seconds: the script shows the
 * `data-when` part of the state, so people using a screen reader hear the result on the focused button.
 */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const part = "inline-flex items-center gap-1.5"; // `hidden` still wins (globals.css)
  return (
    <button
      type="button"
      data-copy={value}
      className={buttonClasses({ variant: "secondary", size: "sm", className: "min-w-[5.5rem]" })}
    >
      <span data-when="idle" className={part}>
        <Copy aria-hidden className="size-4" />
        {t.copy}
        <span className="sr-only"> {what}</span>
      </span>
      <span data-when="copied" hidden className={part}>
        <Check aria-hidden className="size-4 text-emerald-600 dark:text-emerald-400" />
        {t.copied}
      </span>
      <span data-when="failed" hidden className={part}>
        <Copy aria-hidden className="size-4" />
        {t.copyFailed}
      </span>
    </button>
  );
}
