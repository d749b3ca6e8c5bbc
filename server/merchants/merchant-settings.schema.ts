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
    /** The currency an absolute tolerance is stated in: it applies only to invoices priced in that currency. */
    underpaymentToleranceCurrency: z
      .string()
      .regex(/^[A-Z][A-Z0-9]{1,9}$/, 'Use a currency code such as "USD" or an asset symbol such as "USDC"')
      .default("USD"),
  })
  .superRefine((s, ctx) => {
    // 0 to 5 (MAX_TOLERANCE_PERCENT in server/invoices/tolerance.ts), at most two decimals: invoices cap any
    // tolerance at 5% of their amount anyway.
    const percent = /^(?:[0-4](?:\.\d{1,2})?|5(?:\.0{1,2})?)$/;
    if (s.underpaymentToleranceKind === "percent" && !percent.test(s.underpaymentToleranceValue)) {
      ctx.addIssue({
        code: "custom",
        path: ["underpaymentToleranceValue"],
        message: "A percentage of at most 5 with at most two decimals",
      });
    }
  });
export type MerchantSettingsRequest = z.infer<typeof merchantSettingsRequest>;
/** What the form holds before parsing (the tolerance currency may be missing: it defaults to USD). */
export type MerchantSettingsInput = z.input<typeof merchantSettingsRequest>;
export type MerchantSettings = MerchantSettingsRequest & { id: string; slug: string };
