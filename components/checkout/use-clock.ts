"use client";

import { useSyncExternalStore } from "react";

// One shared ticking clock for every countdown on the page. The server snapshot is null so that
// server HTML and the first client render agree; the real time appears right after hydration.
let now = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      listeners.forEach((l) => l());
    }, 1_000);
  }
  listener();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Milliseconds since the epoch, updated every second; null during server rendering and hydration. */
export function useNow(): number | null {
  return useSyncExternalStore<number | null>(subscribe, () => now, () => null);
}

const noop = () => () => {};

/** True once rendering in the browser (after hydration): for output that depends on the viewer's locale or time zone. */
export function useHydrated(): boolean {
  return useSyncExternalStore(noop, () => true, () => false);
}
