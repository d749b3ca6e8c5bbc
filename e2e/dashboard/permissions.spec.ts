import {
  api,
  baseUrl,
  dashboardPath,
  db,
  expect,
  screenshot,
  seedApiKey,
  seedMember,
  seedOwner,
  sessionCookie,
  signIn,
  test,
  trpcMutation,
} from "./fixtures";

test("a finance user cannot create API keys: the page says so, and the server refuses the procedure (FORBIDDEN)", async ({
  page,
}) => {
  const owner = await seedOwner("perm");
  const finance = await seedMember(owner, "finance");
  await signIn(page.context(), finance);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/developers")}`);
  await expect(page.getByText("Your role (finance) does not give access to API keys.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Create .* key/ })).toHaveCount(0);
  await screenshot(page, "api-keys-forbidden");

  // Not just hidden: the procedure itself, called over HTTP with the finance user's session cookie.
  const cookie = await sessionCookie(page.context());
  const attempt = await trpcMutation(cookie, "apiKeys.create", {
    merchantId: owner.merchantId,
    livemode: false,
    name: "sneaky",
  });
  expect(attempt).toMatchObject({ status: 403, code: "FORBIDDEN" });
  expect(await db().apiKey.count({ where: { merchantId: owner.merchantId } })).toBe(0);

  // Without a session the same call is UNAUTHORIZED.
  expect(
    await trpcMutation("", "apiKeys.create", { merchantId: owner.merchantId, livemode: false, name: "sneaky" }),
  ).toMatchObject({ status: 401, code: "UNAUTHORIZED" });
});

test("a viewer sees the review queue but cannot resolve: no button, and the server refuses (FORBIDDEN)", async ({
  page,
}) => {
  const owner = await seedOwner("viewing");
  const viewer = await seedMember(owner, "viewer");
  const key = await seedApiKey(owner.merchantId);
  const invoice = await api<{ id: string }>(key, "POST", "/api/v1/invoices", { amount: "10.00", currency: "USDC" });
  expect(invoice.status).toBe(201);

  await signIn(page.context(), viewer);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/review")}`);
  await expect(page.getByText("Your role can see them but not resolve them.")).toBeVisible();
  await expect(page.getByRole("button", { name: /^Resolve/ })).toHaveCount(0);

  const cookie = await sessionCookie(page.context());
  const attempt = await trpcMutation(cookie, "invoices.resolve", {
    merchantId: owner.merchantId,
    livemode: false,
    id: invoice.body.id,
    resolution: { action: "close", note: "not allowed" },
  });
  expect(attempt).toMatchObject({ status: 403, code: "FORBIDDEN" });
  const after = await api<{ status: string }>(key, "GET", `/api/v1/invoices/${invoice.body.id}`);
  expect(after.body.status).toBe("created");

  // A viewer cannot change settings either, and is not shown the audit log.
  expect(
    await trpcMutation(cookie, "settings.update", {
      merchantId: owner.merchantId,
      livemode: false,
      settings: {
        name: "Viewer was here",
        supportEmail: null,
        logoUrl: null,
        accentColor: null,
        defaultExpirySeconds: 3600,
        underpaymentToleranceKind: "none",
        underpaymentToleranceValue: "0",
      },
    }),
  ).toMatchObject({ status: 403, code: "FORBIDDEN" });
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/settings/audit")}`);
  await expect(page.getByText("Your role (viewer) does not give access to the audit log.")).toBeVisible();
});
