/** The identity of a payment option on the page: its network and asset. */
export const optionKey = (o: { network: string; asset: string }) => `${o.network}:${o.asset}`;
