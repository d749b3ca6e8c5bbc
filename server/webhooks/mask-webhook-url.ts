/**
 * A webhook URL as shown to someone without `webhooks:read`: the scheme only. Host, path and query can
 * all carry secrets (tokens in paths, internal host names), so none of them is shown.
 */
export function maskWebhookUrl(url: string): string {
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase() ?? "https";
  return `${scheme}://•••`;
}

/** A delivery error as shown to someone without `webhooks:read`: whether it failed, not where it connected. */
export function maskDeliveryError(error: string | null): string | null {
  return error === null ? null : "The delivery failed (the details need the webhooks:read permission).";
}
