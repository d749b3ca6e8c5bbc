/**
 * Deploys the test USDC and the USDT-like token (contracts/TestTetherToken.sol) to a devnet at their deterministic addresses (see
 * server/chains/devnet-tokens.ts), minting to anvil's standard test accounts. Idempotent.
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
import {
  DEVNET_DEPLOYER_ADDRESS,
  DEVNET_DEPLOYER_PRIVATE_KEY,
  DEVNET_TOKENS,
  anvilTestAccounts,
  type DevnetToken,
  type DevnetTokenSymbol,
} from "../../server/chains/devnet-tokens";

/** Whole tokens minted to each of the first ten anvil test accounts. */
export const TEST_TOKEN_MINT_EACH = 1_000_000n;

/** Makes sure the test tokens exist on the devnet at rpcUrl (deploying them if needed) and returns their addresses. */
export async function ensureTestTokens(rpcUrl: string): Promise<Record<DevnetTokenSymbol, Address>> {
  // viem's default 4 s polling would dominate start-up on a local node.
  const publicClient = createPublicClient({ transport: http(rpcUrl), pollingInterval: 100 });
  const addresses = Object.fromEntries(DEVNET_TOKENS.map((t) => [t.symbol, t.address])) as Record<
    DevnetTokenSymbol,
    Address
  >;

  const missing: DevnetToken[] = [];
  for (const t of DEVNET_TOKENS) {
    const code = await publicClient.getCode({ address: t.address });
    if (code === undefined || code === "0x") missing.push(t);
  }
  const first = missing[0];
  if (!first) return addresses;

  // Addresses follow from the deployer's nonce: deploying at any other nonce would put the token elsewhere.
  const nonce = BigInt(
    await publicClient.getTransactionCount({ address: DEVNET_DEPLOYER_ADDRESS, blockTag: "pending" }),
  );
  if (nonce !== first.nonce) {
    throw new Error(
      `Devnet at ${rpcUrl} is in an inconsistent state: ${missing.map((t) => t.symbol).join(", ")} not deployed at ` +
        `${missing.map((t) => t.address).join(", ")} but the deployer ${DEVNET_DEPLOYER_ADDRESS} has nonce ${nonce} ` +
        `(expected ${first.nonce}). Reset the devnet state (e.g. delete its state file in .data/).`,
    );
  }

  const chainId = await publicClient.getChainId();
  const chain = defineChain({
    id: chainId,
    name: `Devnet ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
  await createTestClient({ mode: "anvil", chain, transport: http(rpcUrl) }).setBalance({
    address: DEVNET_DEPLOYER_ADDRESS,
    value: parseEther("10"),
  });

  // USDT behaves like mainnet's (no return values, approve only from zero): code that sweeps it must cope.
  const { TestToken, TestTetherToken } = compileContracts();
  const wallet = createWalletClient({
    account: privateKeyToAccount(DEVNET_DEPLOYER_PRIVATE_KEY),
    chain,
    transport: http(rpcUrl),
  });
  const recipients = anvilTestAccounts(10).map((a) => a.address);

  // Send all with explicit nonces, then wait: with --block-time they land in the same block.
  const sent: { token: DevnetToken; hash: Hash }[] = [];
  for (const t of missing) {
    const contract = t.symbol === "USDT" ? TestTetherToken : TestToken;
    const hash = await wallet.deployContract({
      abi: contract.abi,
      bytecode: contract.bytecode,
      args: [t.name, t.symbol, t.decimals, recipients, TEST_TOKEN_MINT_EACH * 10n ** BigInt(t.decimals)],
      nonce: Number(t.nonce),
    });
    sent.push({ token: t, hash });
  }
  for (const { token, hash } of sent) {
    const receipt = await publicClient.waitForTransactionReceipt({ hash, timeout: 60_000 });
    if (receipt.status !== "success") throw new Error(`Deploying test ${token.symbol} reverted (tx ${hash})`);
    if (!receipt.contractAddress || !isAddressEqual(receipt.contractAddress, token.address)) {
      throw new Error(
        `Test ${token.symbol} deployed at ${String(receipt.contractAddress)}, expected ${token.address} (tx ${hash})`,
      );
    }
  }
  return addresses;
}
