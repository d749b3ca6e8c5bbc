/**
 * A sleep that can be cut short. `notify()` ends the current `wait`, or, when nobody waits, makes the
 * next `wait` return at once: a notification that arrives while the loop is busy is never lost.
 */
export class Wakeup {
  private pending = false;
  private waiter: (() => void) | null = null;

  notify(): void {
    this.pending = true;
    this.waiter?.();
  }

  /** Resolves after `ms`, or as soon as notified ("notified"), whichever comes first. */
  wait(ms: number): Promise<"notified" | "timeout"> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve("notified");
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve("timeout");
      }, ms);
      this.waiter = () => {
        clearTimeout(timer);
        this.waiter = null;
        this.pending = false;
        resolve("notified");
      };
    });
  }
}
