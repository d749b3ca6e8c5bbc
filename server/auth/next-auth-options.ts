import "server-only";
import type { AuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "../db";
import { provideNextAuthUrl } from "../env";
import { authSecret, authUrl, secureCookies, SESSION_MAX_AGE_S } from "./auth-config";
import { clientAddress } from "./client-address";
import { sessionStands } from "./session-validity";
import { signInWithPassword } from "./sign-in-with-password";

/**
 * Dashboard sign-in: email and password (Argon2id), JWT sessions that expire after SESSION_MAX_AGE_S,
 * sign-in attempts rate-limited per email and per client. The session carries only the user id and
 * email; merchant membership and role are read from the database on every request.
 */
export function authOptions(): AuthOptions {
  // next-auth reads its base URL from the environment itself (redirects, the callback URL check); give
  // it the one auth-config decided, so that operators set PAYRAIL_PUBLIC_URL once.
  provideNextAuthUrl(authUrl());
  return {
    secret: authSecret(),
    useSecureCookies: secureCookies(),
    session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_S, updateAge: 60 * 60 },
    jwt: { maxAge: SESSION_MAX_AGE_S },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const email = credentials?.email?.trim() ?? "";
          const password = credentials?.password ?? "";
          if (!email || !password || email.length > 320 || password.length > 1000) return null;
          // Throws TooManyAttemptsError; next-auth hands its message to the sign-in form.
          const header = (name: string) =>
            typeof req.headers?.[name] === "string" ? (req.headers[name] as string) : null;
          const user = await signInWithPassword(db(), { email, password, client: clientAddress(header) });
          if (!user) return null;
          return { id: user.id, email: user.email, name: user.name, sessionVersion: user.sessionVersion };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          // Sign-in: the lifetime counts from now, and the session stands while the user's version is this one.
          token.sub = user.id;
          token.sv = (user as { sessionVersion?: number }).sessionVersion;
          token.sia = Math.floor(Date.now() / 1000);
          return token;
        }
        // Throwing makes next-auth clear the cookie and answer with no session.
        if (!(await sessionStands(db(), token))) throw new Error("The session has ended or was revoked.");
        return token;
      },
      session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub } };
      },
    },
  };
}
