import "server-only";
import { NETWORK_CATALOG } from "@/server/chains/catalog";

/** What the hosted page shows about a network: its name and, when one exists, its explorer. */
export interface NetworkLabel {
  name: string;
  explorerUrl: string | null;
}

/**
 * Labels of every catalog network, by id: a few hundred bytes, so a payment that later arrives on
 * another network still shows a name. Built on the server so the catalog never ships to the browser.
 */
export function networkLabels(): Record<string, NetworkLabel> {
  return Object.fromEntries(NETWORK_CATALOG.map((n) => [n.id, { name: n.name, explorerUrl: n.explorerUrl }]));
}
