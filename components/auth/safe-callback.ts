/** Only same-site paths are followed after sign-in (no open redirect through `callbackUrl`). */
export function safeCallback(url: string | undefined, fallback = "/dashboard"): string {
  return url && url.startsWith("/") && !url.startsWith("//") && !url.startsWith("/\\") ? url : fallback;
}
