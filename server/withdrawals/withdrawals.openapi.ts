import { listOf, type OpenApiSection } from "../api/openapi-operation";
import {
  autoWithdrawalResponse,
  createAutoWithdrawalRequest,
  listAutoWithdrawalsQuery,
  listWithdrawalsQuery,
  withdrawalResponse,
} from "./withdrawal.schema";

const tag = "Auto-withdrawal";

/** The auto-withdrawal and withdrawal routes (app/api/v1/auto_withdrawals, app/api/v1/withdrawals). */
export const withdrawalsOpenApi: OpenApiSection = {
  tags: [
    {
      name: tag,
      description:
        "Rules that sweep your balance to your own wallet once it reaches a threshold, and the withdrawals they make. " +
        "A withdrawal is exactly `available − keep`: whole deposit balances largest first, and from the last address " +
        "only the part still needed (its rest stays there for a later withdrawal); less only when your deposit " +
        "addresses do not hold that much yet. In live mode a new address waits 24 hours before anything is sent to it.",
    },
  ],
  schemas: { AutoWithdrawal: autoWithdrawalResponse, Withdrawal: withdrawalResponse },
  operations: [
    {
      method: "post",
      path: "/api/v1/auto_withdrawals",
      operationId: "createAutoWithdrawal",
      tag,
      summary: "Create an auto-withdrawal rule",
      description:
        "One rule per network and asset: a second replaces the first. When `available` reaches `threshold`, exactly " +
        "`available − keep` is sent to `address` (nothing below the network's minimum sweep), the gas paid by Payrail. " +
        "In test mode the rule is active at once; in live mode " +
        "a new address becomes active 24 hours later and every owner and admin is told (delete it meanwhile to stop it).",
      body: createAutoWithdrawalRequest,
      response: { status: 201, schema: autoWithdrawalResponse, description: "The new rule." },
    },
    {
      method: "get",
      path: "/api/v1/auto_withdrawals",
      operationId: "listAutoWithdrawals",
      tag,
      summary: "List auto-withdrawal rules",
      description: "The current rules (pending activation or active).",
      query: listAutoWithdrawalsQuery,
      response: {
        status: 200,
        schema: listOf("AutoWithdrawal", autoWithdrawalResponse),
        description: "A list of rules.",
      },
    },
    {
      method: "delete",
      path: "/api/v1/auto_withdrawals/{id}",
      operationId: "deleteAutoWithdrawal",
      tag,
      summary: "Delete an auto-withdrawal rule",
      description: "No withdrawal starts under it from then on; one already started finishes.",
      response: { status: 200, schema: autoWithdrawalResponse, description: "The rule, now `disabled`." },
    },
    {
      method: "get",
      path: "/api/v1/withdrawals",
      operationId: "listWithdrawals",
      tag,
      summary: "List withdrawals",
      query: listWithdrawalsQuery,
      response: {
        status: 200,
        schema: listOf("Withdrawal", withdrawalResponse),
        description: "A list of withdrawals.",
      },
    },
    {
      method: "get",
      path: "/api/v1/withdrawals/{id}",
      operationId: "retrieveWithdrawal",
      tag,
      summary: "Retrieve a withdrawal",
      response: { status: 200, schema: withdrawalResponse, description: "The withdrawal." },
    },
  ],
};
