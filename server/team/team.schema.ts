import { z } from "zod";
import { roles } from "../auth/permissions";

export const inviteMemberRequest = z.object({
  email: z.email("Enter a valid email address").max(320),
  role: z.enum(roles),
});
export type InviteMemberRequest = z.infer<typeof inviteMemberRequest>;

export const changeRoleRequest = z.object({ membershipId: z.string().min(1).max(64), role: z.enum(roles) });
