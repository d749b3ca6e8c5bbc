import { z } from "zod";

/** An audit row as the dashboard shows it, with the actor named. */
export const auditLogItem = z.object({
  id: z.string(),
  createdAt: z.date(),
  livemode: z.boolean().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  data: z.unknown(),
  actor: z.object({ id: z.string(), label: z.string() }),
});
export type AuditLogItem = z.infer<typeof auditLogItem>;
