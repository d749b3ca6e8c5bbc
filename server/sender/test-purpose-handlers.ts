import { registerTransactionHandlers } from "./transaction-handlers";

// Purpose "test" moves no domain state: its transactions exist for the sender's own tests (a worker started as a
// child process must confirm them too). Tests that want to watch the handlers register their own over these.
registerTransactionHandlers("test", {
  async confirmed() {},
});
