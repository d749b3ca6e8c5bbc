import { concatHex, encodeAbiParameters, getContractAddress, type Abi, type Address, type Hex } from "viem";
import { compileContracts } from "../../contracts/compile";

/**
 * The deterministic deployment proxy (Arachnid's CREATE2 factory): present on anvil and on nearly every EVM
 * network, at the same address. Calling it with `salt ‖ initCode` deploys at a CREATE2 address anyone can compute.
 */
export const CREATE2_FACTORY: Address = "0x4e59b44847b379578588920cA78FbF26c0B4956C";

/** Salt of the sweeper's CREATE2 deployment (bump it to deploy a fresh instance for the same gas wallet). */
export const SWEEPER_SALT: Hex = `0x${"00".repeat(31)}01`;

/** Where one gas wallet's sweeper lives, and how to deploy it. */
export interface SweeperDeployment {
  /** The sweeper instance: the code deposit addresses delegate to, and the batch entry point. */
  address: Address;
  abi: Abi;
  /** Calldata for {@link CREATE2_FACTORY}: salt then creation code with the constructor argument. */
  factoryCalldata: Hex;
}

const cache = new Map<string, SweeperDeployment>();

/**
 * The sweeper of a gas wallet (`operator`, its only authorised caller): a CREATE2 deployment through
 * {@link CREATE2_FACTORY}, so its address follows from the gas wallet and the compiled code alone, the same on every
 * network, with nothing to configure. Compiles contracts/ on first use (cached on disk): worker and CLI only.
 */
export function sweeperDeployment(operator: Address): SweeperDeployment {
  const cached = cache.get(operator.toLowerCase());
  if (cached) return cached;
  const { PayrailSweeper } = compileContracts();
  const initCode = concatHex([PayrailSweeper.bytecode, encodeAbiParameters([{ type: "address" }], [operator])]);
  const deployment: SweeperDeployment = {
    address: getContractAddress({ opcode: "CREATE2", from: CREATE2_FACTORY, salt: SWEEPER_SALT, bytecode: initCode }),
    abi: PayrailSweeper.abi,
    factoryCalldata: concatHex([SWEEPER_SALT, initCode]),
  };
  cache.set(operator.toLowerCase(), deployment);
  return deployment;
}
