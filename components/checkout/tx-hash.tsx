import { ExternalLink } from "lucide-react";
import type { NetworkLabel } from "./network-label";
import { checkoutStrings as t } from "./strings";

/** A transaction hash in full (monospaced, wrapping anywhere) with a link to the network's explorer when it has one. */
export function TxHash({
  hash,
  network,
  align = "start",
}: {
  hash: string;
  network: NetworkLabel | undefined;
  align?: "start" | "end";
}) {
  return (
    <span className={align === "end" ? "flex flex-col items-end text-right" : "flex flex-col items-start"}>
      <span className="break-all font-mono text-xs leading-5" data-testid="tx-hash">
        {hash}
      </span>
      {network?.explorerUrl && (
        <a
          href={`${network.explorerUrl}/tx/${hash}`}
          target="_blank"
          rel="noreferrer"
          className="mt-1 inline-flex items-center gap-1 text-sm font-medium text-accent underline-offset-4 hover:underline"
        >
          {t.receipt.viewOnExplorer}
          <ExternalLink aria-hidden className="size-3.5" />
        </a>
      )}
    </span>
  );
}
