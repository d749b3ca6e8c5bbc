"use client";

import { Check, Copy } from "lucide-react";
import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { checkoutStrings as t } from "./strings";

type CopyState = "idle" | "copied" | "failed";

/**
 * Copies `value` exactly as given. Its accessible name is "Copy <what>" and becomes "Copied"
 * for two seconds, so people using a screen reader hear the result on the focused button.
 */
export function CopyButton({ value, what }: { value: string; what: string }) {
  const [state, setState] = useState<CopyState>("idle");

  useEffect(() => {
    if (state === "idle") return;
    const timeout = setTimeout(() => setState("idle"), 2_000);
    return () => clearTimeout(timeout);
  }, [state]);

  async function copy() {
    try {
      // navigator.clipboard is missing on plain-http hosts other than localhost.
      if (!navigator.clipboard) throw new Error("Clipboard API unavailable");
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  }

  return (
    <Button variant="secondary" size="sm" onClick={copy} className="min-w-[5.5rem]">
      {state === "copied" ? <Check aria-hidden className="size-4 text-emerald-600 dark:text-emerald-400" /> : <Copy aria-hidden className="size-4" />}
      {state === "idle" ? (
        <span>
          {t.copy}
          <span className="sr-only"> {what}</span>
        </span>
      ) : (
        <span>{state === "copied" ? t.copied : t.copyFailed}</span>
      )}
    </Button>
  );
}
