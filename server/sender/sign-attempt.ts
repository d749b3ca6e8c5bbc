import { keccak256, type Address, type Hex, type LocalAccount, type SignedAuthorization } from "viem";
import type { StoredAuthorization } from "./enqueue-transaction";
import type { Fees } from "./fees";

/** The parts of an outgoing transaction a signature covers. */
export interface AttemptContent {
  chainId: number;
  nonce: bigint;
  to: Address;
  data: Hex | null;
  value: bigint;
  gasLimit: bigint;
  authorizationList: StoredAuthorization[] | null;
  selfDelegateTo: Address | null;
}

/**
 * Sign one attempt: EIP-1559, or EIP-7702 (type 0x04) when the request carries authorizations or asks the
 * sender to delegate itself (`selfDelegateTo`: the sender's own authorization is signed for nonce + 1, the
 * sender's nonce having moved past the transaction's own when authorizations are processed). Signatures are
 * deterministic (RFC 6979): re-signing the same content gives the same bytes. Returns the raw transaction and its hash.
 */
export async function signAttempt(
  signer: LocalAccount,
  content: AttemptContent,
  fees: Fees,
): Promise<{ raw: Hex; hash: Hex }> {
  if (!signer.signTransaction) throw new Error("the sender's account cannot sign transactions");
  const authorizations: SignedAuthorization[] = (content.authorizationList ?? []).map((a) => ({ ...a }));
  if (content.selfDelegateTo) {
    if (!signer.signAuthorization) throw new Error("the sender's account cannot sign authorizations");
    authorizations.push(
      await signer.signAuthorization({
        address: content.selfDelegateTo,
        chainId: content.chainId,
        nonce: Number(content.nonce + 1n),
      }),
    );
  }
  const common = {
    chainId: content.chainId,
    nonce: Number(content.nonce),
    to: content.to,
    data: content.data ?? undefined,
    value: content.value,
    gas: content.gasLimit,
    maxFeePerGas: fees.maxFeePerGas,
    maxPriorityFeePerGas: fees.maxPriorityFeePerGas,
  };
  const raw =
    authorizations.length > 0
      ? await signer.signTransaction({ ...common, type: "eip7702", authorizationList: authorizations })
      : await signer.signTransaction({ ...common, type: "eip1559" });
  return { raw, hash: keccak256(raw) };
}
