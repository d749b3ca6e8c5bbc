import {
  api,
  baseUrl,
  dashboardPath,
  expect,
  overflowingElements,
  screenshot,
  seedApiKey,
  seedOwner,
  sidewaysScroll,
  signIn,
  test,
} from "./fixtures";

interface Schedule {
  id: string;
}

test("invoice schedules: the list, a schedule's detail, running its next period, pause, resume and cancel", async ({
  page,
}) => {
  const owner = await seedOwner("schedules");
  const key = await seedApiKey(owner.merchantId);
  await signIn(page.context(), owner);

  await page.goto(`${baseUrl()}${dashboardPath(owner, "/schedules")}`);
  await expect(page.getByRole("heading", { name: "Invoice schedules" })).toBeVisible();
  await expect(page.getByText("No invoice schedules yet")).toBeVisible();
  await screenshot(page, "schedules-empty");

  // Due tomorrow: the worker leaves them alone until then.
  const tomorrow = new Date(Date.now() + 24 * 3_600_000);
  tomorrow.setUTCMilliseconds(0);
  const monthly = await api<Schedule>(key, "POST", "/api/v1/invoice_schedules", {
    amount: "25.00",
    currency: "USDC",
    interval: "month",
    start_at: tomorrow.toISOString(),
    order_id_prefix: "e2e-plan-",
    description: "Pro plan",
  });
  expect(monthly.status).toBe(201);
  const biweekly = await api<Schedule>(key, "POST", "/api/v1/invoice_schedules", {
    amount: "5.00",
    currency: "USDC",
    interval: "week",
    interval_count: 2,
    start_at: tomorrow.toISOString(),
  });
  expect(biweekly.status).toBe(201);

  await page.reload();
  const rows = page.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("5.00 USDC");
  await expect(rows.nth(0)).toContainText("Every 2 weeks");
  await expect(rows.nth(0)).toContainText(biweekly.body.id);
  await expect(rows.nth(1)).toContainText("25.00 USDC");
  await expect(rows.nth(1)).toContainText("Every month");
  await expect(rows.nth(1).getByText("Active")).toBeVisible();
  await screenshot(page, "schedules");
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  expect(await sidewaysScroll(page.getByRole("table"))).toBe(0);
  await screenshot(page, "schedules-390");
  await page.setViewportSize({ width: 1280, height: 860 });

  await rows.nth(1).click();
  await expect(page).toHaveURL(new RegExp(`/schedules/${monthly.body.id}$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("25.00 USDC every month");
  await expect(page.getByText("No period has run yet")).toBeVisible();
  const summary = page.getByRole("region", { name: "Summary" });
  await expect(summary.getByText("Invoices created")).toBeVisible();
  await expect(summary).toContainText("e2e-plan-1, e2e-plan-2, …");
  await expect(summary).toContainText("Pro plan");

  // Test mode: run the next period now; its invoice appears with order id prefix + 1.
  await page.getByRole("button", { name: "Run next period now" }).click();
  const dialog = page.getByRole("dialog", { name: "Run the next period now?" });
  await expect(dialog).toContainText("Test mode: creates the invoice of the next period (25.00 USDC) at once");
  await dialog.getByRole("button", { name: "Run next period now" }).click();
  await expect(page.getByText("Invoice created")).toBeVisible();
  const periods = page.getByRole("region", { name: "Periods" });
  const periodRows = periods.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(periodRows).toHaveCount(1);
  await expect(periodRows.first()).toContainText("e2e-plan-1");
  await expect(periodRows.first()).toContainText("25.00 USDC");
  await expect(periodRows.first().getByText("Open")).toBeVisible();
  await screenshot(page, "schedule-detail");

  await page.getByRole("button", { name: "Pause" }).click();
  await page.getByRole("dialog", { name: "Pause this schedule?" }).getByRole("button", { name: "Pause" }).click();
  await expect(page.getByText("Schedule paused")).toBeVisible();
  await expect(page.getByRole("button", { name: "Run next period now" })).toHaveCount(0);
  await page.getByRole("button", { name: "Resume" }).click();
  await page.getByRole("dialog", { name: "Resume this schedule?" }).getByRole("button", { name: "Resume" }).click();
  await expect(page.getByText("Schedule resumed")).toBeVisible();
  await page.getByRole("button", { name: "Cancel schedule" }).click();
  const cancel = page.getByRole("dialog", { name: "Cancel this schedule?" });
  await expect(cancel).toContainText("No further invoice will be created.");
  await cancel.getByRole("button", { name: "Cancel schedule" }).click();
  await expect(page.getByText("Schedule cancelled")).toBeVisible();
  await expect(page.getByRole("button", { name: /Pause|Resume|Cancel schedule|Run next period now/ })).toHaveCount(0);
  await expect(summary).toContainText("Invoices created1");
  // The toasts are laid out for the wide viewport until they leave: measure the page without them.
  await expect(page.getByText("Schedule cancelled")).toBeHidden({ timeout: 15_000 });

  await page.setViewportSize({ width: 390, height: 844 });
  expect(await overflowingElements(page)).toEqual([]);
  await screenshot(page, "schedule-detail-390");

  // The period's invoice is an ordinary invoice, one click away.
  await periodRows.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/invoices\/inv_/);
  await expect(page.getByText("e2e-plan-1")).toBeVisible();
});
