// `payrail listen` and `payrail trigger`: the CLI's side (arguments in, lines out) of the development
// tools in server/webhooks/forward-events.ts and server/dev/trigger-event.ts.
import type { Db } from "../../server/db";
import { triggerEvent, type DevnetPayer } from "../../server/dev/trigger-event";
import { env } from "../../server/env";
import { getMerchantBySlugOrThrow } from "../../server/merchants/create-merchant";
import { parseEventTypeFilter } from "../../server/webhooks/event-type-filter";
import { forwardEvents, type ForwardedEvent } from "../../server/webhooks/forward-events";
import { listenSecret } from "../../server/webhooks/listen-secret";
import { devnetWallet, sendDevnetPayment } from "./devnet-payment";

function line(e: ForwardedEvent): string {
  const time = `${e.at.toISOString().slice(0, 19)}Z`;
  const outcome = e.statusCode !== null ? `[${e.statusCode}]` : `[error: ${e.error}]`;
  return `${time}  ${e.type.padEnd(24)} ${e.eventId}  ${outcome} ${e.latencyMs} ms`;
}

/**
 * Forward the merchant's new events to `forwardTo` until SIGINT/SIGTERM: prints the signing secret
 * once (stdout, its purpose), then one line per event (stdout); notices go to stderr.
 */
export async function listen(
  db: Db,
  opts: { slug: string; livemode: boolean; forwardTo: URL; events?: string },
): Promise<void> {
  const filter = opts.events === undefined ? undefined : parseEventTypeFilter(opts.events);
  const merchant = await getMerchantBySlugOrThrow(db, opts.slug);
  const secret = listenSecret({ merchantId: merchant.id, livemode: opts.livemode });
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    await forwardEvents(db, {
      merchantId: merchant.id,
      livemode: opts.livemode,
      url: opts.forwardTo,
      secret,
      filter,
      signal: controller.signal,
      onReady: () => {
        console.error(
          `Forwarding ${opts.livemode ? "live" : "test"}-mode events of ${opts.slug}${opts.events ? ` (${opts.events})` : ""} to ${opts.forwardTo.href}.`,
        );
        console.log(`Ready. Your webhook signing secret is ${secret} (^C to quit)`);
      },
      onForwarded: (event) => console.log(line(event)),
      onError: (message) => console.error(message),
    });
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
  console.error("Stopped.");
}

/** Trigger a test event for the merchant, paying on the devnet at RPC_URL_DEVNET; prints the invoice's events (stdout). */
export async function trigger(db: Db, opts: { slug: string; type: string }): Promise<void> {
  const merchant = await getMerchantBySlugOrThrow(db, opts.slug);
  const rpcUrl = env().RPC_URL_DEVNET;
  const payer: DevnetPayer = {
    network: "devnet",
    pay: ({ asset, to, amount }) => {
      if (!rpcUrl) throw new Error("RPC_URL_DEVNET is not set");
      return sendDevnetPayment({ rpcUrl, network: "devnet", asset, to, amount });
    },
    mine: async (blocks) => {
      if (rpcUrl) await devnetWallet(rpcUrl, "devnet").test.mine({ blocks });
    },
  };
  const { events } = await triggerEvent(db, {
    merchantId: merchant.id,
    type: opts.type,
    payer,
    progress: (l) => console.error(l),
  });
  for (const event of events) console.log(`${event.type.padEnd(24)} ${event.id}`);
}
