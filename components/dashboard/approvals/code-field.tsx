"use client";

import { FieldError, Input, Label } from "@/components/ui/input";

/** "Code from your authenticator app": 6 digits, or a recovery code; the server's refusal shown under it. */
export function CodeField({
  id,
  value,
  onChange,
  error,
  label = "Code from your authenticator app",
}: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  label?: string;
}) {
  return (
    <div className="flex flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        inputMode="numeric"
        autoComplete="one-time-code"
        spellCheck={false}
        maxLength={20}
        placeholder="123456"
        className="w-40 font-mono tracking-widest"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={`${id}-error`}
      />
      <FieldError id={`${id}-error`} message={error} />
    </div>
  );
}
