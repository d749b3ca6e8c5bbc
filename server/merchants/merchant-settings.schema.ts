import { z } from "zod";

/** A merchant's editable settings, as the dashboard's settings form sends them. */
export const merchantSettingsRequest = z
  .object({
    name: z.string().trim().min(1, "Enter a name").max(100),
    supportEmail: z.email("Enter a valid email address").max(320).nullable(),
    logoUrl: z
      .url({ protocol: /^https$/, error: "Use an https:// image URL" })
      .max(2000)
      .nullable(),
    accentColor: z
      .string()
      .regex(/^#[0-9a-fA-F]{6}$/, "Use a hex colour such as #4f46e5")
      .nullable(),
    defaultExpirySeconds: z.number().int().min(60, "At least 60 seconds").max(604_800, "At most 7 days"),
    underpaymentToleranceKind: z.enum(["none", "absolute", "percent"]),
    underpaymentToleranceValue: z.string().regex(/^(0|[1-9]\d{0,17})(\.\d{1,18})?$/, "Use a decimal such as 0.50"),
  })
  .superRefine((s, ctx) => {
    if (s.underpaymentToleranceKind === "percent" && !/^(\d{1,2})(\.\d{1,2})?$/.test(s.underpaymentToleranceValue)) {
      ctx.addIssue({
        code: "custom",
        path: ["underpaymentToleranceValue"],
        message: "A percentage below 100 with at most two decimals",
      });
    }
  });
export type MerchantSettingsRequest = z.infer<typeof merchantSettingsRequest>;
export type MerchantSettings = MerchantSettingsRequest & { id: string; slug: string };
