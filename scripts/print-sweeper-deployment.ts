// Prints the transaction that deploys the gas wallet's sweeper (contracts/PayrailSweeper.sol) through the CREATE2
// deployment proxy, and the address it lands at: the same on every network. Run with the worker's environment
// (PAYRAIL_MASTER_SEED): `npx tsx --tsconfig tsconfig.node.json scripts/print-sweeper-deployment.ts [--live]`.
// Send it (to, data, no value) from any funded account; see docs/operations.md, "Deploying the sweeper".
import { parseArgs } from "node:util";
import { CREATE2_FACTORY, sweeperDeployment } from "../server/sweeps/sweeper-deployment";
import { platformAddress } from "../server/wallets/platform-keys";

const { values } = parseArgs({ options: { live: { type: "boolean", default: false } } });
const gasWallet = platformAddress("gas", values.live);
const d = sweeperDeployment(gasWallet);
console.log(
  JSON.stringify(
    {
      mode: values.live ? "live" : "test",
      gasWallet,
      sweeper: d.address,
      to: CREATE2_FACTORY,
      data: d.factoryCalldata,
    },
    null,
    2,
  ),
);
