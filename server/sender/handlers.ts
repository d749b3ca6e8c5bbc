// The index of the domains' transaction handlers: the sender imports this file before it sends or confirms
// anything, so every domain module that calls registerTransactionHandlers must be imported here (one line each).
import "./test-purpose-handlers";
import "../payouts/payout-transaction-handlers";
import "../sweeps/sweep-transaction-handlers";
