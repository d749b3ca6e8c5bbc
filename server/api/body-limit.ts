import { AppError } from "../errors";

/**
 * Read a request body into memory, refusing it (413 `payload_too_large`) as soon as more than `limit`
 * bytes have arrived. The bytes are counted as they stream in: a missing or false `Content-Length` (chunked
 * uploads) does not get past the cap, and a declared length over it is refused before anything is read.
 */
export async function readBodyCapped(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = Number(request.headers.get("content-length") ?? "");
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  if (!request.body) return new Uint8Array(new ArrayBuffer(0));
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      // Stop reading: the client's remaining bytes are never buffered.
      await reader.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(value);
  }
  const body = new Uint8Array(new ArrayBuffer(size));
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

function tooLarge(limit: number): AppError {
  return new AppError("payload_too_large", `The request body is larger than the limit of ${limit} bytes.`);
}

/**
 * The same request with its body read under the cap (see readBodyCapped) and held in memory, so that
 * whatever reads it next (a framework, a clone) reads at most `limit` bytes. Bodiless methods pass through.
 */
export async function withCappedBody(request: Request, limit: number): Promise<Request> {
  if (request.method === "GET" || request.method === "HEAD" || !request.body) return request;
  const body = await readBodyCapped(request, limit);
  return new Request(request.url, { method: request.method, headers: request.headers, body, signal: request.signal });
}
