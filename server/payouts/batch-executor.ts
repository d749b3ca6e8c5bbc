import {
  concatHex,
  createTestClient,
  createWalletClient,
  encodeFunctionData,
  getContractAddress,
  http,
  keccak256,
  parseEther,
  toHex,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { compileContracts } from "../../contracts/compile";
import { isDevnetId } from "../chains/catalog";
import type { Network } from "../chains/networks";
import { CREATE2_FACTORY } from "../sweeps/sweeper-deployment";

/** Salt of the executor's CREATE2 deployment: with no constructor argument, one address on every network. */
const EXECUTOR_SALT: Hex = `0x${"00".repeat(31)}02`;

/** Pays for the executor's deployment on devnets only (a public key on purpose; funded with anvil_setBalance). */
const DEVNET_EXECUTOR_PAYER_KEY: Hex = keccak256(toHex("payrail devnet batch executor deployer"));

interface ExecutorDeployment {
  address: Address;
  abi: Abi;
  factoryCalldata: Hex;
}

let deployment: ExecutorDeployment | undefined;

/** Where PayrailBatchExecutor lives (CREATE2 through the deterministic deployment proxy) and its ABI. Worker only. */
export function batchExecutor(): ExecutorDeployment {
  if (deployment) return deployment;
  const { PayrailBatchExecutor } = compileContracts();
  deployment = {
    address: getContractAddress({
      opcode: "CREATE2",
      from: CREATE2_FACTORY,
      salt: EXECUTOR_SALT,
      bytecode: PayrailBatchExecutor.bytecode,
    }),
    abi: PayrailBatchExecutor.abi,
    factoryCalldata: concatHex([EXECUTOR_SALT, PayrailBatchExecutor.bytecode]),
  };
  return deployment;
}

/** Calldata of `transferTokens(token, recipients, amounts)`: the hot wallet calls itself with it. */
export function encodeTransferTokens(token: Address, items: readonly { to: Address; amount: bigint }[]): Hex {
  return encodeFunctionData({
    abi: batchExecutor().abi,
    functionName: "transferTokens",
    args: [token, items.map((i) => i.to), items.map((i) => i.amount)],
  });
}

// Networks where the executor's code was seen: checked once per process.
const present = new Set<string>();

/**
 * Whether the executor is deployed on the network, deploying it first on a devnet (paid by a throwaway devnet
 * account, funded with anvil_setBalance: the address does not depend on who pays). Elsewhere the operator deploys
 * it (any account can: a call to the deterministic deployment proxy with `factoryCalldata`); until then, payouts
 * go out one transaction each. Never throws: an unreadable or failed deployment is "not available".
 */
export async function batchExecutorAvailable(client: PublicClient, network: Network): Promise<boolean> {
  if (present.has(network.id)) return true;
  try {
    const { address, factoryCalldata } = batchExecutor();
    const code = await client.getCode({ address });
    if (code !== undefined && code !== "0x") {
      present.add(network.id);
      return true;
    }
    if (!isDevnetId(network.id) || network.livemode) return false;
    const payer = privateKeyToAccount(DEVNET_EXECUTOR_PAYER_KEY);
    await createTestClient({ mode: "anvil", transport: http(network.rpcUrl) }).setBalance({
      address: payer.address,
      value: parseEther("1"),
    });
    const wallet = createWalletClient({ account: payer, chain: client.chain, transport: http(network.rpcUrl) });
    const hash = await wallet.sendTransaction({
      to: CREATE2_FACTORY,
      data: factoryCalldata,
      chain: client.chain ?? null,
    });
    await client.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 60_000 });
    const deployed = await client.getCode({ address });
    if (deployed === undefined || deployed === "0x") return false;
    present.add(network.id);
    return true;
  } catch {
    return false;
  }
}
