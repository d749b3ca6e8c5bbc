// `npm run bench:sweeps`: gas per swept deposit address on a throwaway anvil (--hardfork prague), in batches of 1,
// 10 and 50 (--sizes), for the USDC-like and the USDT-like test tokens:
// - EIP-7702: the gas wallet calls the sweeper's sweepBatchAmounts (exact amounts, what the worker sends) once, with
//   one authorization per address (first sweep of an address), and again once the addresses are delegated (a later
//   sweep of the same addresses: no authorization), and a third time taking only part of each balance (what the last
//   address of an exact withdrawal gives: its rest stays, so no storage slot is cleared);
// - the fallback: per address, the gas wallet funds it with its gas, then the address transfers the token itself.
// Gas is the receipts' gasUsed (what the chain charges), summed and divided by the addresses. Prints a table.
import { parseArgs } from "node:util";
import {
  createPublicClient,
  createTestClient,
  createWalletClient,
  defineChain,
  encodeFunctionData,
  erc20Abi,
  http,
  parseAbi,
  parseEther,
  type Address,
  type Hash,
  type LocalAccount,
} from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { startAnvil } from "../scripts/lib/anvil";
import { ensureTestTokens } from "../scripts/lib/deploy-test-tokens";
import { getFreePort } from "../scripts/lib/ports";
import { anvilTestAccounts } from "../server/chains/devnet-tokens";
import { ensureSweeper } from "../server/sweeps/ensure-sweeper";
import { sweeperDeployment } from "../server/sweeps/sweeper-deployment";

const { values: args } = parseArgs({ options: { sizes: { type: "string", default: "1,10,50" } } });
const SIZES = args.sizes.split(",").map(Number);
const CHAIN_ID = 31337;
const mintAbi = parseAbi(["function mint(address to, uint256 amount)"]);
const log = (line: string) => process.stderr.write(`${line}\n`);

const port = await getFreePort();
const anvil = await startAnvil({ port, chainId: CHAIN_ID, silent: true });
try {
  const chain = defineChain({
    id: CHAIN_ID,
    name: "bench",
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [anvil.rpcUrl] } },
  });
  const client = createPublicClient({ chain, transport: http(anvil.rpcUrl), pollingInterval: 20 });
  const test = createTestClient({ mode: "anvil", chain, transport: http(anvil.rpcUrl) });
  const wallet = (account: LocalAccount) => createWalletClient({ account, chain, transport: http(anvil.rpcUrl) });

  const tokens = await ensureTestTokens(anvil.rpcUrl);
  const gas = privateKeyToAccount(generatePrivateKey());
  await test.setBalance({ address: gas.address, value: parseEther("1000") });
  const { address: sweeper } = await ensureSweeper(client, { rpcUrl: anvil.rpcUrl, operator: gas.address, payer: gas });
  const abi = sweeperDeployment(gas.address).abi;
  const minter = wallet(anvilTestAccounts(1)[0]!);
  // The destination already holds the token (a hot wallet): its balance slot is not created by the sweep.
  const destination = privateKeyToAccount(generatePrivateKey()).address;

  const receipt = async (hash: Hash) => {
    const r = await client.waitForTransactionReceipt({ hash, pollingInterval: 20 });
    if (r.status !== "success") throw new Error(`transaction ${hash} reverted`);
    return r.gasUsed;
  };
  const mint = async (token: Address, to: Address, amount: bigint) =>
    receipt(await minter.writeContract({ address: token, abi: mintAbi, functionName: "mint", args: [to, amount] }));

  const rows: string[][] = [];
  for (const symbol of ["USDC", "USDT"] as const) {
    const token = tokens[symbol];
    await mint(token, destination, 1n);
    for (const size of SIZES) {
      // EIP-7702, first sweep: one authorization per address.
      const keys = Array.from({ length: size }, () => privateKeyToAccount(generatePrivateKey()));
      for (const k of keys) await mint(token, k.address, 5_000_000n);
      const authorizationList = await Promise.all(
        keys.map((k) => k.signAuthorization({ chainId: CHAIN_ID, address: sweeper, nonce: 0 })),
      );
      const data = encodeFunctionData({
        abi,
        functionName: "sweepBatchAmounts",
        args: [token, destination, keys.map((k) => k.address), keys.map(() => 5_000_000n)],
      });
      const first = await receipt(await wallet(gas).sendTransaction({ to: sweeper, data, authorizationList }));
      // A later sweep of the same (now delegated) addresses: no authorization.
      for (const k of keys) await mint(token, k.address, 5_000_000n);
      const again = await receipt(await wallet(gas).sendTransaction({ to: sweeper, data }));
      // Part of each balance (4 of 5 USDC): the rest stays on the address.
      for (const k of keys) await mint(token, k.address, 5_000_000n);
      const partialData = encodeFunctionData({
        abi,
        functionName: "sweepBatchAmounts",
        args: [token, destination, keys.map((k) => k.address), keys.map(() => 4_000_000n)],
      });
      const partial = await receipt(await wallet(gas).sendTransaction({ to: sweeper, data: partialData }));

      // Fallback: fund each address with its gas, then the address transfers.
      const fees = await client.estimateFeesPerGas();
      let fallback = 0n;
      for (let i = 0; i < size; i++) {
        const k = privateKeyToAccount(generatePrivateKey());
        await mint(token, k.address, 5_000_000n);
        const transfer = encodeFunctionData({
          abi: erc20Abi,
          functionName: "transfer",
          args: [destination, 5_000_000n],
        });
        const gasLimit = ((await client.estimateGas({ account: k.address, to: token, data: transfer })) * 12n) / 10n;
        fallback += await receipt(
          await wallet(gas).sendTransaction({ to: k.address, value: gasLimit * fees.maxFeePerGas }),
        );
        fallback += await receipt(
          await wallet(k).sendTransaction({ to: token, data: transfer, gas: gasLimit, ...fees }),
        );
      }
      const n = BigInt(size);
      const per7702 = first / n;
      const perAgain = again / n;
      const perPartial = partial / n;
      const perFallback = fallback / n;
      rows.push([
        symbol,
        String(size),
        per7702.toString(),
        perAgain.toString(),
        perPartial.toString(),
        perFallback.toString(),
        percent(per7702, perFallback),
        percent(perAgain, perFallback),
      ]);
      log(`${symbol} × ${size}: done`);
    }
  }
  printTable(
    [
      "token",
      "batch",
      "7702 gas/addr",
      "7702 delegated gas/addr",
      "7702 partial gas/addr",
      "fallback gas/addr",
      "7702 / fallback",
      "delegated / fallback",
    ],
    rows,
  );
  log("target: 7702 ≤ 40% of the fallback per address");
} finally {
  await anvil.stop();
}

function percent(a: bigint, b: bigint): string {
  // Basis points in integers, printed with one decimal: no floats near gas figures.
  const tenths = (a * 1000n + b / 2n) / b;
  return `${tenths / 10n}.${tenths % 10n}%`;
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padStart(widths[i]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}
