"use client";

import { useHydrated } from "./use-hydrated";

const UTC = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

/** A moment in the viewer's time zone, with the UTC value on hover; UTC until hydrated (the server can't know the zone). */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  const date = new Date(iso);
  const utc = `${UTC.format(date)} UTC`;
  const local = hydrated ? new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" }).format(date) : utc;
  return (
    <time dateTime={iso} title={utc}>
      {local}
    </time>
  );
}
