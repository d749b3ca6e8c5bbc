"use client";

import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { FieldError, FieldHint, Input, Label } from "@/components/ui/input";
import { eventTypes } from "@/server/webhooks/event-types";

export interface EndpointFormValues {
  url: string;
  description: string;
  events: string[];
}

/** URL, description and the events an endpoint receives ("all events", or a chosen list). */
export function EndpointForm({
  initial,
  submitLabel,
  pending,
  error,
  onSubmit,
  onCancel,
}: {
  initial: EndpointFormValues;
  submitLabel: string;
  pending: boolean;
  error?: string;
  onSubmit: (values: EndpointFormValues) => void;
  onCancel: () => void;
}) {
  const [all, setAll] = useState(initial.events.includes("*"));
  const [chosen, setChosen] = useState<string[]>(initial.events.filter((e) => e !== "*"));
  const [problems, setProblems] = useState<{ url?: string; events?: string }>({});

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const url = String(form.get("url") ?? "").trim();
    const next: typeof problems = {};
    if (!/^https?:\/\/\S+$/.test(url)) next.url = "Enter an http(s) URL";
    if (!all && chosen.length === 0) next.events = "Choose at least one event, or all events";
    setProblems(next);
    if (Object.keys(next).length) return;
    onSubmit({ url, description: String(form.get("description") ?? "").trim(), events: all ? ["*"] : chosen });
  }

  return (
    <form onSubmit={submit} className="flex flex-col gap-4" noValidate>
      {error && (
        <p
          role="alert"
          className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-800 dark:bg-red-500/10 dark:text-red-300"
        >
          {error}
        </p>
      )}
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="endpoint-url">Endpoint URL</Label>
        <Input
          id="endpoint-url"
          name="url"
          defaultValue={initial.url}
          placeholder="https://example.com/webhooks/payrail"
          aria-invalid={problems.url ? true : undefined}
          aria-describedby="endpoint-url-hint endpoint-url-error"
        />
        <FieldHint id="endpoint-url-hint">
          Live mode needs https and a public address; test mode may use localhost.
        </FieldHint>
        <FieldError id="endpoint-url-error" message={problems.url} />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="endpoint-description">Description (optional)</Label>
        <Input id="endpoint-description" name="description" defaultValue={initial.description} />
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Events</legend>
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> All events, including types
          added later
        </label>
        {!all && (
          <div className="grid max-h-56 grid-cols-1 gap-1.5 overflow-y-auto rounded-lg border p-3 sm:grid-cols-2">
            {eventTypes.map((type) => (
              <label key={type} className="flex items-center gap-2 font-mono text-xs">
                <input
                  type="checkbox"
                  checked={chosen.includes(type)}
                  onChange={(e) => setChosen(e.target.checked ? [...chosen, type] : chosen.filter((t) => t !== type))}
                />
                {type}
              </label>
            ))}
          </div>
        )}
        <FieldError message={problems.events} />
      </fieldset>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : submitLabel}
        </Button>
      </div>
    </form>
  );
}

/** A secret shown once, with copy and the one-time warning. */
export function OneTimeSecret({ secret, note }: { secret: string; note: string }) {
  return (
    <div className="flex flex-col gap-2">
      <div className="flex items-center gap-2 rounded-lg border bg-muted/40 p-3">
        <code className="flex-1 break-all font-mono text-xs" data-testid="webhook-secret">
          {secret}
        </code>
      </div>
      <p className="text-xs text-muted-foreground">{note}</p>
    </div>
  );
}
