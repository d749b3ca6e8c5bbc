import { BaseError, type Hex, type PublicClient } from "viem";

/**
 * What a node said to a raw transaction: `accepted` (taken, or it already had it), `nonce_too_low` (the
 * nonce is used: by this very transaction when it was mined, which the caller checks by receipt), or
 * `refused` with the node's reason (underfunded, underpriced, slot taken...).
 */
export type BroadcastOutcome =
  { outcome: "accepted" } | { outcome: "nonce_too_low" } | { outcome: "refused"; reason: string };

const ALREADY_KNOWN = /already known|known transaction|already imported|already exists|already in (the )?(mem)?pool/i;
const NONCE_TOO_LOW = /nonce too low|nonce is too low|nonce has already been used|NonceTooLow|OldNonce/i;

/** Send a signed transaction as stored (same bytes, same hash); never throws for the node's refusal. */
export async function broadcastRawTransaction(client: PublicClient, raw: Hex): Promise<BroadcastOutcome> {
  try {
    await client.sendRawTransaction({ serializedTransaction: raw });
    return { outcome: "accepted" };
  } catch (error) {
    const text = errorText(error);
    if (ALREADY_KNOWN.test(text)) return { outcome: "accepted" };
    if (NONCE_TOO_LOW.test(text)) return { outcome: "nonce_too_low" };
    return { outcome: "refused", reason: nodeReason(error) ?? text.slice(0, 300) };
  }
}

// What the node said ("insufficient funds for gas * price + value"), not viem's generic summary of the error class
// ("Transaction creation failed."): the innermost error's details. Stored and shown to the operator.
function nodeReason(error: unknown): string | null {
  let reason: string | null = null;
  let e: unknown = error;
  for (let i = 0; i < 8 && e; i++) {
    if (e instanceof BaseError) reason = (e.details || e.shortMessage || reason)?.slice(0, 300) ?? null;
    e = e instanceof Error ? e.cause : undefined;
  }
  return reason;
}

// The node's message sits in the innermost cause (viem wraps RPC errors); read the whole chain.
function errorText(error: unknown): string {
  const parts: string[] = [];
  let e: unknown = error;
  for (let i = 0; i < 8 && e; i++) {
    if (e instanceof BaseError) parts.push(e.shortMessage, e.details ?? "");
    else if (e instanceof Error) parts.push(e.message);
    else parts.push(String(e));
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(" | ");
}
