/**
 * An RPC URL fit for logs: scheme, host and port only. Providers put API keys in the userinfo, the
 * path (`/v2/<key>`) or the query (`?apikey=`), so each of those that is present shows as `***`.
 * Something that does not parse as a URL is hidden whole.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return "[unparseable url]";
  }
  const userinfo = parsed.username || parsed.password ? "***@" : "";
  const path = parsed.pathname && parsed.pathname !== "/" ? "/***" : "";
  const query = parsed.search ? "?***" : "";
  return `${parsed.protocol}//${userinfo}${parsed.host}${path}${query}`;
}
