// What dashboard specs share: accounts seeded through the server's own functions, sign-in through
// next-auth's real endpoints, tRPC over HTTP as the browser sends it, and 1280 px screenshots.
import { test as base, expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { signUp } from "../../server/accounts/sign-up";
import { createApiKey } from "../../server/auth/api-keys";
import type { Role } from "../../server/auth/permissions";
import { createDb, inTransaction, type Db } from "../../server/db";
import { newId, randomBase62 } from "../../server/ids";

export { expect };

export const baseUrl = () => process.env.E2E_BASE_URL!;
export const PASSWORD = "correct horse battery staple";

let database: Db | undefined;
/** The e2e stack's database, for seeding through server functions. */
export function db(): Db {
  database ??= createDb(process.env.E2E_DATABASE_URL!);
  return database;
}

export interface SeededAccount {
  email: string;
  password: string;
  userId: string;
  merchantId: string;
  slug: string;
  businessName: string;
}

/** A new user owning a new merchant, as sign-up makes them. */
export async function seedOwner(label = "owner"): Promise<SeededAccount> {
  const suffix = randomBase62(8).toLowerCase();
  const email = `${label}-${suffix}@example.com`;
  const businessName = `${label[0]!.toUpperCase()}${label.slice(1)} Shop ${suffix}`;
  const { userId, merchantId, slug } = await signUp(db(), {
    name: `${label} ${suffix}`,
    email,
    password: PASSWORD,
    businessName,
  });
  return { email, password: PASSWORD, userId, merchantId, slug, businessName };
}

/** A new user who is a member of `merchantId` with `role` (and of nothing else). */
export async function seedMember(
  merchant: Pick<SeededAccount, "merchantId" | "slug">,
  role: Role,
): Promise<SeededAccount> {
  const other = await seedOwner(role);
  await db().membership.deleteMany({ where: { userId: other.userId } });
  await db().membership.create({
    data: { id: newId("mem"), userId: other.userId, merchantId: merchant.merchantId, role },
  });
  return { ...other, merchantId: merchant.merchantId, slug: merchant.slug };
}

/** A test-mode API key of the merchant, for creating invoices over the public API. */
export async function seedApiKey(merchantId: string): Promise<string> {
  return (await inTransaction(db(), (tx) => createApiKey(tx, { merchantId, livemode: false, name: "e2e seed" }))).key;
}

/** Call the public API with a key. */
export async function api<T = Record<string, unknown>>(
  key: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${baseUrl()}${path}`, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: (await res.json()) as T };
}

/** Sign in through next-auth's credentials endpoint (CSRF token first), as the login form does; the context keeps the cookie. */
export async function signIn(
  context: BrowserContext,
  account: Pick<SeededAccount, "email" | "password">,
): Promise<void> {
  const csrf = await context.request.get(`${baseUrl()}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const res = await context.request.post(`${baseUrl()}/api/auth/callback/credentials`, {
    form: { csrfToken, email: account.email, password: account.password, json: "true" },
  });
  expect(res.ok()).toBe(true);
  const cookies = await context.cookies(baseUrl());
  expect(cookies.map((c) => c.name)).toContain("next-auth.session-token");
}

/** The session cookie header of a signed-in context. */
export async function sessionCookie(context: BrowserContext): Promise<string> {
  const cookie = (await context.cookies(baseUrl())).find((c) => c.name === "next-auth.session-token");
  if (!cookie) throw new Error("not signed in");
  return `${cookie.name}=${cookie.value}`;
}

/** Call a tRPC mutation over HTTP as the browser does (superjson body), with a session cookie. */
export async function trpcMutation(
  cookie: string,
  path: string,
  input: unknown,
): Promise<{ status: number; code: string | null; body: unknown }> {
  const res = await fetch(`${baseUrl()}/api/trpc/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie },
    body: JSON.stringify({ json: input }),
  });
  const body = (await res.json()) as { error?: { json?: { data?: { code?: string } } } };
  return { status: res.status, code: body.error?.json?.data?.code ?? null, body };
}

/** The page's own alert (a form's error), not Next.js's route announcer, which is an alert region too. */
export const formAlert = (page: Page) => page.locator('[role="alert"]:not(#__next-route-announcer__)');

/**
 * What sticks out past the right edge of the viewport: none is the goal. First the page itself when it is wider than
 * the viewport (`page 475 px wide, viewport 390 px`): that also catches what the element walk below misses, such as
 * absolutely placed text whose containing block is not its DOM parent. Then elements past the edge outside any
 * sideways-scrolling container. A table scrolling sideways inside its own scroller is not reported here (some detail
 * tables are meant to); a main list asserts that it fits with `sidewaysScroll`.
 */
export function overflowingElements(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const pageWidth = document.documentElement.scrollWidth;
    if (pageWidth > window.innerWidth) out.push(`page ${pageWidth} px wide, viewport ${window.innerWidth} px`);
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const rect = el.getBoundingClientRect();
      if (rect.width === 0 || rect.right <= window.innerWidth + 1) continue;
      let clipped = false;
      for (let p = el.parentElement; p; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (style.overflowX === "auto" || style.overflowX === "hidden" || style.overflowX === "scroll") {
          clipped = true;
          break;
        }
      }
      if (!clipped)
        out.push(`${el.tagName.toLowerCase()}.${String(el.className).slice(0, 60)} right=${Math.round(rect.right)}`);
    }
    return out.slice(0, 10);
  });
}

/** How far (px) a table's scroller (`components/ui/table.tsx` wraps each table in one) scrolls sideways: 0 when it fits. */
export function sidewaysScroll(table: Locator): Promise<number> {
  return table.evaluate((t) => t.parentElement!.scrollWidth - t.parentElement!.clientWidth);
}

/** A full-page screenshot at the current viewport into test-results/screens/dashboard-<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  // From the top: sticky bars would otherwise be drawn where the page happened to be scrolled.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: `test-results/screens/dashboard-${name}.png`, fullPage: true });
}

export const dashboardPath = (account: Pick<SeededAccount, "slug">, path = "") =>
  `/dashboard/${account.slug}/test${path}`;

export const test = base.extend<object>({});
test.use({ viewport: { width: 1280, height: 860 } });
