/** What the hosted page knows about a network: its name, explorer, and what a browser wallet needs to reach it. */
export interface NetworkLabel {
  name: string;
  explorerUrl: string | null;
  chainId: number;
  nativeSymbol: string;
  nativeDecimals: number;
  /** Set for local devnets only (see networkLabels). */
  rpcUrl: string | null;
}
