import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { withCappedBody } from "@/server/api/body-limit";
import { errorResponse } from "@/server/api/rest";
import { authOptions } from "@/server/auth/next-auth-options";
import { env } from "@/server/env";

type Context = { params: Promise<{ nextauth: string[] }> };

// GET and POST /api/auth/*: next-auth (sign-in with email and password, sign-out, session, CSRF token)
async function handler(request: Request, context: Context): Promise<Response> {
  let capped: NextRequest;
  try {
    // next-auth reads the whole form body itself: read it under the cap first (413 past it).
    capped = new NextRequest(await withCappedBody(request, env().DASHBOARD_MAX_BODY_BYTES));
  } catch (error) {
    return errorResponse(error);
  }
  return NextAuth(capped as never, context as never, authOptions());
}

export { handler as GET, handler as POST };
