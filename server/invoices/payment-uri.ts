/**
 * EIP-681 URI for paying `amount` base units to `address`: a native transfer
 * (`ethereum:<to>@<chain>?value=<wei>`) or an ERC-20 `transfer` call on the token contract.
 */
export function paymentUri(opts: {
  address: string;
  chainId: number;
  tokenAddress: string | null;
  amount: bigint;
}): string {
  if (opts.tokenAddress === null) return `ethereum:${opts.address}@${opts.chainId}?value=${opts.amount}`;
  return `ethereum:${opts.tokenAddress}@${opts.chainId}/transfer?address=${opts.address}&uint256=${opts.amount}`;
}
