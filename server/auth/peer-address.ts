import http from "node:http";
import { PEER_ADDRESS_HEADER } from "./client-address";

const INSTALLED = Symbol.for("payrail.peerAddressStamp");

/**
 * Stamp every incoming HTTP request of this process with its TCP peer address (PEER_ADDRESS_HEADER),
 * replacing any value a client sent. Next.js gives route handlers only headers, and keeps a client's own
 * `X-Forwarded-For` as it is, so without this a rate limit per client would be keyed on what the client
 * chose. Idempotent; called from instrumentation.ts before the server handles requests.
 */
export function stampPeerAddresses(): void {
  const proto = http.Server.prototype as http.Server & { [INSTALLED]?: boolean };
  if (proto[INSTALLED]) return;
  proto[INSTALLED] = true;
  const emit = proto.emit as (this: http.Server, event: string | symbol, ...args: unknown[]) => boolean;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") {
      const req = args[0] as http.IncomingMessage;
      req.headers[PEER_ADDRESS_HEADER] = req.socket.remoteAddress ?? "";
    }
    return emit.apply(this, [event, ...args]);
  } as typeof proto.emit;
}
