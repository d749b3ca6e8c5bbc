"use client";

import { localLabel, utcLabel } from "./time-labels";
import { useHydrated } from "./use-hydrated";

/** A moment in the viewer's time zone, with the UTC value on hover; UTC until hydrated (the server can't know the zone). */
export function LocalTime({ iso }: { iso: string }) {
  const hydrated = useHydrated();
  const utc = utcLabel(iso);
  return (
    <time dateTime={iso} title={utc}>
      {hydrated ? localLabel(iso) : utc}
    </time>
  );
}
