import { z } from "zod";

const walletBalance = z.object({ asset: z.string(), amount: z.string() });

/** One network's platform wallets as the dashboard's Wallets page shows them. */
export const platformWalletsResponse = z.object({
  network: z.string(),
  name: z.string(),
  native_asset: z.string(),
  /** Whether the worker has recorded the addresses yet (it derives them from the seed at start). */
  recorded: z.boolean(),
  /** The balances could not be read (node down): the addresses still show. */
  error: z.string().nullable(),
  gas: z.object({
    address: z.string().nullable(),
    balance: z.string().nullable(),
    /** Below this the warning shows: sweeps stop when the gas wallet cannot pay. */
    low_threshold: z.string(),
    low: z.boolean(),
  }),
  hot: z.object({ address: z.string().nullable(), balances: z.array(walletBalance) }),
});
export type PlatformWalletsResponse = z.infer<typeof platformWalletsResponse>;
