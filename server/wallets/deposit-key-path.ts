/**
 * The HD path of a deposit address's key, m/44'/60'/{merchant account}'/{0 test | 1 live}/{index}: the `path`
 * that `deriveDepositAddress` returns and `deposit_addresses.derivation_path` stores. The worker passes it to
 * `signerForPath` (platform-keys.ts) to sign for that address. No key material: safe in the web process.
 */
export function depositKeyPath(opts: { hdAccountIndex: number; livemode: boolean; index: number }): string {
  return `m/44'/60'/${opts.hdAccountIndex}'/${opts.livemode ? 1 : 0}/${opts.index}`;
}
