"use client";

import { useSyncExternalStore } from "react";

const noop = () => () => {};

/** True once rendering in the browser (after hydration): for output that depends on the viewer's locale or time zone. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noop,
    () => true,
    () => false,
  );
}
