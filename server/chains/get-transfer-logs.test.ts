import { describe, expect, it } from "vitest";
import { InvalidInputRpcError, LimitExceededRpcError, RpcRequestError } from "viem";
import { isLogRangeCapError } from "./get-transfer-logs";

const rpcError = (code: number, message: string) =>
  new RpcRequestError({ body: {}, url: "http://rpc.test", error: { code, message } });

describe("isLogRangeCapError", () => {
  it.each([
    ["Infura", rpcError(-32005, "query returned more than 10000 results")],
    [
      "Alchemy",
      rpcError(-32602, "Log response size exceeded. You can make eth_getLogs requests with up to a 2K block range"),
    ],
    ["QuickNode", rpcError(-32614, "eth_getLogs is limited to a 10,000 range")],
    ["Ankr", rpcError(-32600, "block range is too wide")],
    ["BSC", rpcError(-32000, "exceed maximum block range: 5000")],
    ["geth", rpcError(-32000, "query timeout exceeded")],
    ["any -32005, wrapped by viem", new LimitExceededRpcError(rpcError(-32005, "limit"))],
  ])("recognises %s's refusal", (_provider, error) => {
    expect(isLogRangeCapError(error)).toBe(true);
  });

  it("does not mistake other failures for a cap", () => {
    expect(isLogRangeCapError(new InvalidInputRpcError(rpcError(-32000, "header not found")))).toBe(false);
    expect(isLogRangeCapError(new Error("fetch failed"))).toBe(false);
  });
});
