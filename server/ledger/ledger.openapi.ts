import { listOf, type OpenApiSection } from "../api/openapi-operation";
import { balanceResponse, balanceTransactionResponse, listBalanceTransactionsQuery } from "./balance.schema";
import { reconciliationQuery, reconciliationResponse } from "./reconciliation.schema";

/** The balance and ledger routes of the public API (app/api/v1/balances, balance_transactions). */
export const ledgerOpenApi: OpenApiSection = {
  tags: [
    {
      name: "Balances",
      description:
        "What the merchant holds per network and asset, and every movement of it, from the double-entry ledger.",
    },
  ],
  schemas: {
    Balance: balanceResponse,
    BalanceTransaction: balanceTransactionResponse,
    Reconciliation: reconciliationResponse,
  },
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
    {
      method: "get",
      path: "/api/v1/reconciliation",
      operationId: "retrieveReconciliation",
      tag: "Balances",
      summary: "Reconcile the ledger with the chains",
      description:
        "Per network, at its confirmed block (the last scanned block less the required confirmations plus one), the on-chain balance of every deposit address of the merchant in the key's mode, in every asset, read in one multicall at that block, against what the ledger says each address held then; and the ledger's own invariants. `mismatch` lists every difference. Reads the chains: not for hot paths.",
      query: reconciliationQuery,
      response: { status: 200, schema: reconciliationResponse, description: "The reconciliation report." },
    },
  ],
};
