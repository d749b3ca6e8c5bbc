/**
 * What each dashboard role may do: the one table the server enforces in every tRPC procedure
 * (`merchantProcedure(permission)`) and the UI reads only to hide what the server would refuse anyway.
 * Pure data, safe to import from client components.
 */
export const roles = ["owner", "admin", "developer", "finance", "viewer"] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  /** Invoices, their payments, events and deliveries; the review queue; the overview. */
  "invoices:read",
  /** Create an invoice (a payment link) from the dashboard. */
  "invoices:create",
  /** Cancel an unpaid invoice. */
  "invoices:cancel",
  /** Resolve an invoice in review: accept, refund, close. Money-moving. */
  "invoices:resolve",
  "api_keys:read",
  "api_keys:write",
  "webhooks:read",
  /** Create, edit, rotate, reveal, disable, delete endpoints; resend deliveries; send test events. */
  "webhooks:write",
  "settings:read",
  "settings:write",
  "team:read",
  /** Invite, change roles, remove members. Granting or touching the owner role needs an owner (see team rules). */
  "team:write",
  "audit:read",
  /** Download CSV exports (invoices, payments, balance transactions, accounting presets). */
  "exports:read",
  /** The reconciliation report: the deposit addresses on chain against the ledger. */
  "reconciliation:read",
  /** Payouts, payout batches and their transactions. */
  "payouts:read",
  /** Create and cancel payouts and batches. Money-moving. */
  "payouts:write",
  /** Approve another member's live-mode payout with a second factor (maker-checker). Money-moving. */
  "payouts:approve",
  /** Auto-withdrawal rules, withdrawals and the platform wallets they use. */
  "withdrawals:read",
  /** Add and delete auto-withdrawal rules (where the merchant's money goes). Money-moving. */
  "withdrawals:write",
] as const;
export type Permission = (typeof permissions)[number];

const everyone: readonly Role[] = roles;

/** Permission → the roles that hold it. */
export const permissionTable: Record<Permission, readonly Role[]> = {
  "invoices:read": everyone,
  "invoices:create": ["owner", "admin", "developer", "finance"],
  "invoices:cancel": ["owner", "admin", "finance"],
  "invoices:resolve": ["owner", "admin", "finance"],
  "api_keys:read": ["owner", "admin", "developer"],
  "api_keys:write": ["owner", "admin", "developer"],
  "webhooks:read": ["owner", "admin", "developer"],
  "webhooks:write": ["owner", "admin", "developer"],
  "settings:read": everyone,
  "settings:write": ["owner", "admin"],
  "team:read": everyone,
  "team:write": ["owner", "admin"],
  "audit:read": ["owner", "admin"],
  "exports:read": ["owner", "admin", "finance"],
  "reconciliation:read": ["owner", "admin", "finance"],
  "payouts:read": ["owner", "admin", "developer", "finance"],
  "payouts:write": ["owner", "admin", "finance"],
  "payouts:approve": ["owner", "admin", "finance"],
  "withdrawals:read": everyone,
  "withdrawals:write": ["owner", "admin"],
};

/** Whether `role` holds `permission`. */
export function can(role: Role, permission: Permission): boolean {
  return permissionTable[permission].includes(role);
}

/** The permissions of `needed` that `role` does not hold (empty: it holds them all). */
export function lackingPermissions(role: Role, needed: readonly Permission[]): Permission[] {
  return needed.filter((permission) => !can(role, permission));
}

/** What each role is for, in the words the team screen shows. */
export const roleDescriptions: Record<Role, string> = {
  owner: "Everything, including managing owners.",
  admin: "Everything except managing owners.",
  developer: "API keys, webhooks, invoices; cannot resolve reviews or change settings.",
  finance: "Invoices, review queue and refunds; no API keys or webhooks.",
  viewer: "Read-only access to invoices and settings.",
};
