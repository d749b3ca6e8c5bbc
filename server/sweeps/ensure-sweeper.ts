import { createWalletClient, http, type Address, type LocalAccount, type PublicClient } from "viem";
import { CREATE2_FACTORY, sweeperDeployment } from "./sweeper-deployment";

/**
 * Makes sure the gas wallet `operator`'s sweeper is deployed on the network (a CREATE2 deployment through the
 * deterministic deployment proxy, paid by `payer`, any funded account: the address does not depend on who pays).
 * Returns its address and whether this call deployed it. Throws when the factory is missing or the deployment fails.
 */
export async function ensureSweeper(
  client: PublicClient,
  opts: { rpcUrl: string; operator: Address; payer: LocalAccount },
): Promise<{ address: Address; deployed: boolean }> {
  const deployment = sweeperDeployment(opts.operator);
  const code = await client.getCode({ address: deployment.address });
  if (code !== undefined && code !== "0x") return { address: deployment.address, deployed: false };
  const factoryCode = await client.getCode({ address: CREATE2_FACTORY });
  if (factoryCode === undefined || factoryCode === "0x")
    throw new Error(`the CREATE2 factory ${CREATE2_FACTORY} is not deployed on chain ${await client.getChainId()}`);
  const wallet = createWalletClient({ account: opts.payer, chain: client.chain, transport: http(opts.rpcUrl) });
  const hash = await wallet.sendTransaction({
    to: CREATE2_FACTORY,
    data: deployment.factoryCalldata,
    chain: client.chain ?? null,
  });
  const receipt = await client.waitForTransactionReceipt({ hash, pollingInterval: 100, timeout: 120_000 });
  const deployed = await client.getCode({ address: deployment.address });
  if (receipt.status !== "success" || deployed === undefined || deployed === "0x")
    throw new Error(`deploying the sweeper at ${deployment.address} failed (tx ${hash})`);
  return { address: deployment.address, deployed: true };
}
