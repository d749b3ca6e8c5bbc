import type { Permission } from "./permissions";

/**
 * What an API key may do. A secret key (`sk_test_`/`sk_live_`) holds every scope; a restricted key
 * (`rk_test_`/`rk_live_`) only those it was created with. Every public API route declares the one scope
 * it needs (server/api/rest.ts `apiRoute(scope, handler)`); a key without it gets a 403 `insufficient_scope`.
 * Pure data, safe to import from client components.
 */
export const apiScopes = [
  /** Retrieve and list invoices and their events. */
  "invoices:read",
  /** Create, cancel and resolve invoices (includes invoices:read). */
  "invoices:write",
  /** Retrieve and list events. */
  "events:read",
  /** Webhook endpoints and their deliveries. */
  "webhooks:read",
  /** Create, update, delete, rotate; resend deliveries (includes webhooks:read). */
  "webhooks:write",
  /** Balances and balance transactions. */
  "balances:read",
  /** CSV exports. */
  "exports:read",
  /** The reconciliation report. */
  "reconciliation:read",
  /** The networks and assets enabled in the key's mode. */
  "networks:read",
  /** Payouts and payout batches. */
  "payouts:read",
  /** Create and cancel payouts and payout batches (includes payouts:read). Money-moving. */
  "payouts:write",
  /** Auto-withdrawal rules and withdrawals. */
  "withdrawals:read",
  /** Create and delete auto-withdrawal rules (includes withdrawals:read). */
  "withdrawals:write",
  /** Every `:read` scope above. */
  "read",
] as const;
export type ApiScope = (typeof apiScopes)[number];

/** A scope a route can require: `read` is only ever granted, never required. */
export type RouteScope = Exclude<ApiScope, "read">;

/** Scope → the dashboard permissions a member must hold to give a key that scope. */
export const scopePermissions: Record<RouteScope, readonly Permission[]> = {
  "invoices:read": ["invoices:read"],
  "invoices:write": ["invoices:read", "invoices:create", "invoices:cancel", "invoices:resolve"],
  "events:read": ["invoices:read"],
  "webhooks:read": ["webhooks:read"],
  "webhooks:write": ["webhooks:read", "webhooks:write"],
  "balances:read": ["invoices:read"],
  "exports:read": ["exports:read"],
  "reconciliation:read": ["reconciliation:read"],
  "networks:read": ["settings:read"],
  "payouts:read": ["payouts:read"],
  "payouts:write": ["payouts:read", "payouts:write"],
  "withdrawals:read": ["withdrawals:read"],
  "withdrawals:write": ["withdrawals:read", "withdrawals:write"],
};

const routeScopes = Object.keys(scopePermissions) as RouteScope[];

/** The route scopes a granted scope covers: itself, `x:read` under `x:write`, every read under `read`. */
export function expandScope(scope: ApiScope): RouteScope[] {
  if (scope === "read") return routeScopes.filter((s) => s.endsWith(":read"));
  if (scope.endsWith(":write")) return [scope, scope.replace(/:write$/, ":read") as RouteScope];
  return [scope];
}

/** Whether a key with `granted` scopes (null: a secret key, every scope) may call a route needing `required`. */
export function scopeGrants(granted: readonly ApiScope[] | null, required: RouteScope): boolean {
  return granted === null || granted.some((scope) => expandScope(scope).includes(required));
}

/** The dashboard permissions a member needs to create a key with these scopes (null: a secret key). */
export function permissionsForScopes(scopes: readonly ApiScope[] | null): Permission[] {
  const covered = scopes === null ? routeScopes : scopes.flatMap(expandScope);
  return [...new Set(covered.flatMap((scope) => scopePermissions[scope]))];
}
