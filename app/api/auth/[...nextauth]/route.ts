import NextAuth from "next-auth";
import { authOptions } from "@/server/auth/next-auth-options";

type Context = { params: Promise<{ nextauth: string[] }> };

// GET and POST /api/auth/*: next-auth (sign-in with email and password, sign-out, session, CSRF token)
function handler(request: Request, context: Context): Promise<Response> {
  return NextAuth(request as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
