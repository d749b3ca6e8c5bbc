/**
 * Deploys the devnet price feeds (contracts/DevnetPriceFeed.sol) at their deterministic addresses
 * (see server/pricing/devnet-price-feeds.ts), right after the test tokens, and moves devnet prices.
 * Idempotent; at every start it also refreshes a feed not updated for an hour, so that a devnet
 * restarted from saved state does not price fiat invoices from a stale answer.
 */
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  http,
  isAddressEqual,
  parseEther,
  type Address,
  type Hash,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { compileContracts } from "../../contracts/compile";
import { DEVNET_DEPLOYER_ADDRESS, DEVNET_DEPLOYER_PRIVATE_KEY } from "../../server/chains/devnet-tokens";
import { aggregatorAbi } from "../../server/pricing/aggregator-rates";
import {
  DEVNET_PRICE_FEEDS,
  DEVNET_PRICE_KEEPER_ADDRESS,
  DEVNET_PRICE_KEEPER_PRIVATE_KEY,
  type DevnetPriceFeed,
} from "../../server/pricing/devnet-price-feeds";

type Pair = DevnetPriceFeed["pair"];

/** A feed answer older than this is refreshed at start. */
const REFRESH_AFTER_SECONDS = 3600n;

async function clients(rpcUrl: string) {
  const publicClient = createPublicClient({ transport: http(rpcUrl), pollingInterval: 100 });
  const chainId = await publicClient.getChainId();
  const chain = defineChain({
    id: chainId,
    name: `Devnet ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  const test = createTestClient({ mode: "anvil", chain, transport: http(rpcUrl) });
  const wallet = (key: `0x${string}`) =>
    createWalletClient({ account: privateKeyToAccount(key), chain, transport: http(rpcUrl) });
  return { publicClient, test, wallet };
}

function feedOf(pair: Pair): DevnetPriceFeed {
  const feed = DEVNET_PRICE_FEEDS.find((f) => f.pair === pair);
  if (!feed) throw new Error(`no devnet price feed ${pair}`);
  return feed;
}

/**
 * Set a devnet feed's answer (in 10^-8 units: 3000_00000000n is 3000) as a new round, updated now or
 * at `updatedAt` (unix seconds, to make it stale), from the price keeper account; waits until mined.
 */
export async function setDevnetPrice(
  rpcUrl: string,
  pair: Pair,
  answer: bigint,
  opts: { updatedAt?: bigint } = {},
): Promise<void> {
  const { publicClient, test, wallet } = await clients(rpcUrl);
  await test.setBalance({ address: DEVNET_PRICE_KEEPER_ADDRESS, value: parseEther("10") });
  const { abi } = compileContracts().DevnetPriceFeed;
  const address = feedOf(pair).address;
  const keeper = wallet(DEVNET_PRICE_KEEPER_PRIVATE_KEY);
  const hash =
    opts.updatedAt === undefined
      ? await keeper.writeContract({ address, abi, functionName: "setAnswer", args: [answer] })
      : await keeper.writeContract({ address, abi, functionName: "setRoundData", args: [answer, opts.updatedAt] });
  const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 });
  if (receipt.status !== "success") throw new Error(`setting the devnet ${pair} price reverted (tx ${hash})`);
}

/** Makes sure the price feeds exist on the devnet at rpcUrl (deploying them after the test tokens) and are fresh; returns their addresses. */
export async function ensurePriceFeeds(rpcUrl: string): Promise<Record<Pair, Address>> {
  const { publicClient, test, wallet } = await clients(rpcUrl);
  const addresses = Object.fromEntries(DEVNET_PRICE_FEEDS.map((f) => [f.pair, f.address])) as Record<Pair, Address>;

  const missing: DevnetPriceFeed[] = [];
  for (const f of DEVNET_PRICE_FEEDS) {
    const code = await publicClient.getCode({ address: f.address });
    if (code === undefined || code === "0x") missing.push(f);
  }
  const first = missing[0];
  if (!first) {
    const nowSeconds = BigInt(Math.floor(Date.now() / 1000));
    for (const f of DEVNET_PRICE_FEEDS) {
      const [, answer, , updatedAt] = await publicClient.readContract({
        address: f.address,
        abi: aggregatorAbi,
        functionName: "latestRoundData",
      });
      if (nowSeconds - updatedAt > REFRESH_AFTER_SECONDS)
        await setDevnetPrice(rpcUrl, f.pair, answer > 0n ? answer : f.initialAnswer);
    }
    return addresses;
  }

  // Addresses follow from the deployer's nonce: the tokens take 0 and 1, the feeds the next ones.
  const nonce = BigInt(
    await publicClient.getTransactionCount({ address: DEVNET_DEPLOYER_ADDRESS, blockTag: "pending" }),
  );
  if (nonce !== first.nonce) {
    throw new Error(
      `Devnet at ${rpcUrl} is in an inconsistent state: price feeds ${missing.map((f) => f.pair).join(", ")} not deployed at ` +
        `${missing.map((f) => f.address).join(", ")} but the deployer ${DEVNET_DEPLOYER_ADDRESS} has nonce ${nonce} ` +
        `(expected ${first.nonce}; deploy the test tokens first). Reset the devnet state (e.g. delete its state file in .data/).`,
    );
  }
  await test.setBalance({ address: DEVNET_DEPLOYER_ADDRESS, value: parseEther("10") });
  const { DevnetPriceFeed } = compileContracts();
  const deployer = wallet(DEVNET_DEPLOYER_PRIVATE_KEY);
  const sent: { feed: DevnetPriceFeed; hash: Hash }[] = [];
  for (const f of missing) {
    const hash = await deployer.deployContract({
      abi: DevnetPriceFeed.abi,
      bytecode: DevnetPriceFeed.bytecode,
      args: [f.decimals, f.pair.replace("/", " / "), f.initialAnswer],
      nonce: Number(f.nonce),
    });
    sent.push({ feed: f, hash });
  }
  for (const { feed, hash } of sent) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 });
    if (receipt.status !== "success") throw new Error(`Deploying the ${feed.pair} price feed reverted (tx ${hash})`);
    if (!receipt.contractAddress || !isAddressEqual(receipt.contractAddress, feed.address)) {
      throw new Error(
        `The ${feed.pair} price feed deployed at ${String(receipt.contractAddress)}, expected ${feed.address} (tx ${hash})`,
      );
    }
  }
  return addresses;
}
