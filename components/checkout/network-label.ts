// Built on the server (server/chains/network-labels.ts), shown by the hosted page.
export type { NetworkLabel } from "@/server/chains/network-labels";
