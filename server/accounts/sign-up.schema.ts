import { z } from "zod";

/** Shortest password accepted at sign-up. */
export const MIN_PASSWORD_LENGTH = 10;

/** What the sign-up form sends (also imported by the browser form: keep it free of server code). */
export const signUpRequest = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100),
  email: z.email("Enter a valid email address").max(320),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`).max(200),
  businessName: z.string().trim().min(1, "Enter your business name").max(100),
});
export type SignUpRequest = z.infer<typeof signUpRequest>;
