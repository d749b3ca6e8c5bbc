import { z } from "zod";
import { roles } from "../auth/permissions";

export const inviteMemberRequest = z.object({
  email: z.email("Enter a valid email address").max(320),
  role: z.enum(roles),
});
export type InviteMemberRequest = z.infer<typeof inviteMemberRequest>;

export const changeRoleRequest = z.object({ membershipId: z.string().min(1).max(64), role: z.enum(roles) });

/** A member of the merchant, as the team page lists them. */
export const teamMember = z.object({
  id: z.string(),
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: z.enum(roles),
  createdAt: z.date(),
});
export type TeamMember = z.infer<typeof teamMember>;

/** An invitation not yet accepted, revoked or expired. */
export const pendingInvitation = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(roles),
  createdAt: z.date(),
  expiresAt: z.date(),
  invitedBy: z.string(),
});
export type PendingInvitation = z.infer<typeof pendingInvitation>;

/** A new invitation: its link holds the token, shown only in this answer. */
export const createdInvitation = z.object({ id: z.string(), url: z.string(), expiresAt: z.date() });

/** What the invitation page shows before anyone signs in. */
export const invitationPreview = z.object({
  merchantName: z.string(),
  email: z.string(),
  role: z.enum(roles),
  status: z.enum(["open", "accepted", "revoked", "expired"]),
  expiresAt: z.date(),
});
export type InvitationPreview = z.infer<typeof invitationPreview>;

/** A merchant the user belongs to, as the merchant switcher shows it. */
export const userMerchant = z.object({ id: z.string(), slug: z.string(), name: z.string(), role: z.enum(roles) });
export type UserMerchant = z.infer<typeof userMerchant>;
