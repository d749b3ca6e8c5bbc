import {
  api,
  baseUrl,
  dashboardPath,
  expect,
  overflowingElements,
  screenshot,
  seedOwner,
  sidewaysScroll,
  signIn,
  test,
} from "./fixtures";

test("create an API key (shown once), use it, revoke it: the revoked key gets 401 from the API", async ({ page }) => {
  const owner = await seedOwner("keys");
  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/developers")}`);
  await expect(page.getByRole("heading", { name: "Developers" })).toBeVisible();
  await expect(page.getByText("No API keys in this mode")).toBeVisible();
  await screenshot(page, "api-keys-empty");

  await page.getByRole("button", { name: "Create test key" }).click();
  const dialog = page.getByRole("dialog", { name: "New test API key" });
  await dialog.getByRole("button", { name: "Create key" }).click();
  await expect(dialog.getByText("Name the key after what uses it")).toBeVisible();
  await dialog.getByLabel("Name").fill("Shop backend");
  await dialog.getByRole("button", { name: "Create key" }).click();

  const shown = page.getByRole("dialog", { name: "Copy your new key" });
  const key = (await shown.getByTestId("new-api-key").textContent())!;
  expect(key).toMatch(/^sk_test_[0-9A-Za-z]{32}$/);
  await screenshot(page, "api-key-created");
  await shown.getByRole("button", { name: "Done" }).click();

  // The list shows the name and prefix, never the key.
  const row = page.getByRole("row", { name: /Shop backend/ });
  await expect(row).toContainText(key.slice(0, 12));
  await expect(row).toContainText("Never");
  await expect(row).toContainText("Active");
  await expect(page.getByText(key)).toHaveCount(0);

  expect((await api(key, "GET", "/api/v1/networks")).status).toBe(200);
  await page.reload();
  await expect(page.getByRole("row", { name: /Shop backend/ })).not.toContainText("Never");
  await screenshot(page, "api-keys");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  expect(await sidewaysScroll(page.getByRole("table"))).toBe(0);
  await screenshot(page, "api-keys-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  await page.getByRole("button", { name: `Revoke Shop backend (${key.slice(0, 12)}…)` }).click();
  await page.getByRole("dialog", { name: "Revoke this key?" }).getByRole("button", { name: "Revoke key" }).click();
  await expect(page.getByRole("row", { name: /Shop backend/ })).toContainText("Revoked");

  const refused = await api<{ error: { type: string; code: string } }>(key, "GET", "/api/v1/networks");
  expect(refused.status).toBe(401);
  expect(refused.body.error).toMatchObject({ type: "authentication_error", code: "unauthenticated" });

  // Live mode is another set of keys, and the test-mode marking goes away.
  await page.getByRole("switch", { name: "Test mode" }).click();
  await expect(page).toHaveURL(new RegExp(`/dashboard/${owner.slug}/live/developers$`));
  await expect(page.getByRole("switch", { name: "Test mode" })).not.toBeChecked();
  await expect(page.getByText("Test mode: test networks and test data only.")).toHaveCount(0);
  await expect(page.getByText("No API keys in this mode")).toBeVisible();
  await expect(page.getByRole("button", { name: "Create live key" })).toBeVisible();
  await screenshot(page, "live-mode");
});
