import { describe, expect, it } from "vitest";
import { Wakeup } from "./wakeup";

describe("Wakeup", () => {
  it("ends a wait when notified, keeps a notification that came while nobody waited, and times out otherwise", async () => {
    const wakeup = new Wakeup();
    const waiting = wakeup.wait(600_000);
    wakeup.notify();
    expect(await waiting).toBe("notified");

    wakeup.notify(); // while "busy": the next wait returns at once
    expect(await wakeup.wait(600_000)).toBe("notified");

    expect(await wakeup.wait(1)).toBe("timeout"); // the notification was used up
  });
});
