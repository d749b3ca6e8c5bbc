import { listOf, type OpenApiSection } from "../api/openapi-operation";
import { balanceResponse, balanceTransactionResponse, listBalanceTransactionsQuery } from "./balance.schema";

/** The balance and ledger routes of the public API (app/api/v1/balances, balance_transactions). */
export const ledgerOpenApi: OpenApiSection = {
  tags: [
    {
      name: "Balances",
      description:
        "What the merchant holds per network and asset, and every movement of it, from the double-entry ledger.",
    },
  ],
  schemas: { Balance: balanceResponse, BalanceTransaction: balanceTransactionResponse },
  operations: [
    {
      method: "get",
      path: "/api/v1/balances",
      operationId: "listBalances",
      tag: "Balances",
      summary: "List balances",
      description: "One balance per network and asset that ever had a movement in the key's mode. Not paginated.",
      response: { status: 200, schema: listOf("Balance", balanceResponse), description: "A list of balances." },
    },
    {
      method: "get",
      path: "/api/v1/balance_transactions",
      operationId: "listBalanceTransactions",
      tag: "Balances",
      summary: "List balance transactions",
      description:
        "The movements of the available balance, newest first. Entries are never edited: a reorg voids a pending one and a correction adds one.",
      query: listBalanceTransactionsQuery,
      response: {
        status: 200,
        schema: listOf("BalanceTransaction", balanceTransactionResponse),
        description: "A list of balance transactions.",
      },
    },
    {
      method: "get",
      path: "/api/v1/balance_transactions/{id}",
      operationId: "retrieveBalanceTransaction",
      tag: "Balances",
      summary: "Retrieve a balance transaction",
      response: { status: 200, schema: balanceTransactionResponse, description: "The balance transaction." },
    },
  ],
};
