import type { DbClient } from "./db";

const memos = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * Memoise a read for the rest of one interactive transaction (the watcher writes many events in
 * one; each needs the same cursor heights and endpoint list). Outside a transaction (the root
 * client) nothing is cached, since nothing bounds how stale it would get. Only for reads the
 * transaction itself does not change.
 */
export function memoInTransaction<T>(tx: DbClient, key: string, load: () => Promise<T>): Promise<T> {
  // An interactive transaction's client has no $connect (the root client does).
  if ("$connect" in tx) return load();
  let memo = memos.get(tx);
  if (!memo) {
    memo = new Map();
    memos.set(tx, memo);
  }
  let value = memo.get(key) as Promise<T> | undefined;
  if (!value) {
    value = load();
    memo.set(key, value);
  }
  return value;
}
