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

interface Invoice {
  id: string;
  order_id: string;
  payment_options: { address: string }[];
}

test("filter, search and paginate invoices, with every filter and page in the URL", async ({ page }) => {
  const owner = await seedOwner("invoices");
  const key = await seedApiKey(owner.merchantId);
  const invoices: Invoice[] = [];
  for (let i = 1; i <= 23; i++) {
    const res = await api<Invoice>(key, "POST", "/api/v1/invoices", {
      amount: `${i}.00`,
      currency: "USDC",
      order_id: `ord-${String(i).padStart(2, "0")}`,
    });
    expect(res.status).toBe(201);
    invoices.push(res.body);
  }
  for (const i of [2, 5, 9])
    expect((await api(key, "POST", `/api/v1/invoices/${invoices[i - 1]!.id}/cancel`)).status).toBe(200);

  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/invoices")}`);
  const rows = page.getByRole("row").filter({ has: page.getByRole("cell") });
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText("ord-23");
  await expect(rows.last()).toContainText("ord-04");
  await screenshot(page, "invoices");

  // Next page: the cursor is in the URL, and survives a reload.
  await page.getByRole("button", { name: "Next" }).click();
  await expect(page).toHaveURL(new RegExp(`after=${invoices[3]!.id}`));
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("ord-03");
  await page.reload();
  await expect(rows).toHaveCount(3);
  await expect(page.getByRole("button", { name: "Next" })).toBeDisabled();
  await page.getByRole("button", { name: "Previous" }).click();
  await expect(rows).toHaveCount(20);
  await expect(rows.first()).toContainText("ord-23");
  await expect(page.getByRole("button", { name: "Previous" })).toBeDisabled();

  // Status filter.
  await page.getByLabel("Status").selectOption("cancelled");
  await expect(page).toHaveURL(/status=cancelled/);
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText("ord-09");
  await expect(rows.nth(1)).toContainText("ord-05");
  await expect(rows.nth(2)).toContainText("ord-02");
  for (const row of await rows.all()) await expect(row).toContainText("Cancelled");
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(rows).toHaveCount(20);

  // Search by order id, invoice id, and deposit address.
  const search = page.getByRole("searchbox", { name: "Search" });
  await search.fill("ord-07");
  await search.press("Enter");
  await expect(page).toHaveURL(/q=ord-07/);
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("7.00 USDC");
  await search.fill(invoices[11]!.id);
  await search.press("Enter");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("ord-12");
  await search.fill(invoices[15]!.payment_options[0]!.address);
  await search.press("Enter");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("ord-16");
  await search.fill("no-such-order");
  await search.press("Enter");
  await expect(page.getByText("No invoices match these filters")).toBeVisible();
  await screenshot(page, "invoices-no-match");

  // A date range that excludes everything, then one that includes today.
  await page.getByRole("button", { name: "Clear filters" }).click();
  const today = new Date();
  const day = (d: Date) =>
    `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
  await page.getByLabel("Created from").fill(day(new Date(today.getTime() + 86_400_000)));
  await expect(page.getByText("No invoices match these filters")).toBeVisible();
  await page.getByLabel("Created from").fill(day(today));
  await page.getByLabel("Created to").fill(day(today));
  await expect(rows).toHaveCount(20);

  // Back in history undoes the last filter change.
  await page.goBack();
  await expect(page.getByLabel("Created to")).toHaveValue("");

  // A row opens the invoice.
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/invoices")}`);
  await rows.first().click();
  await expect(page).toHaveURL(new RegExp(`/invoices/${invoices[22]!.id}$`));
  await expect(page.getByRole("heading", { name: "23.00 USDC" })).toBeVisible();
  await screenshot(page, "invoice-detail");

  // At phone width the sections move to a bar above the content and the table scrolls sideways.
  await page.setViewportSize({ width: 390, height: 844 });
  await expect(page.getByRole("navigation", { name: "Dashboard sections" })).toBeVisible();
  expect(await overflowingElements(page)).toEqual([]);
  // Nor does the page: the payment options table's copy buttons have sr-only labels placed past its scroller's edge.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390);
  await screenshot(page, "invoice-390");
  await page.getByRole("navigation", { name: "Dashboard sections" }).getByRole("link", { name: "Invoices" }).click();
  await expect(rows).toHaveCount(20);
  expect(await overflowingElements(page)).toEqual([]);
  // Nor does the list scroll sideways: a phone shows amount, status and order (the row opens the rest).
  expect(await sidewaysScroll(page.getByRole("table"))).toBe(0);
  await expect(page.getByRole("columnheader")).toHaveText(["Amount", "Status", "Order"]);
  await screenshot(page, "invoices-390");
});

test("create a payment link from the dashboard and open it", async ({ page }) => {
  const owner = await seedOwner("links");
  await signIn(page.context(), owner);
  await page.goto(`${baseUrl()}${dashboardPath(owner, "/invoices")}`);
  await expect(page.getByText("No invoices yet")).toBeVisible();
  await screenshot(page, "invoices-empty");
  await page.getByRole("button", { name: "New payment link" }).first().click();
  const dialog = page.getByRole("dialog", { name: "New payment link" });
  await dialog.getByLabel("Amount").fill("12.50");
  await dialog.getByLabel("Currency").selectOption("USDT");
  await dialog.getByLabel("Description").fill("Two bags of beans");
  await dialog.getByLabel("Order id (optional)").fill("beans-1");
  await screenshot(page, "payment-link-form");
  await dialog.getByRole("button", { name: "Create payment link" }).click();

  const ready = page.getByRole("dialog", { name: "Payment link ready" });
  const link = (await ready.getByTestId("payment-link").textContent())!;
  expect(link).toMatch(new RegExp(`^${baseUrl()}/pay/inv_[0-9A-Za-z]{22}$`));
  await ready.getByRole("link", { name: "Open invoice" }).click();
  await expect(page.getByRole("heading", { name: "12.50 USDT" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Summary" })).toContainText("Two bags of beans");
  await expect(page.getByRole("region", { name: "Events" })).toContainText("invoice.created");

  // Nothing was paid, so it can be cancelled, after a confirmation that restates it.
  await page.getByRole("button", { name: "Cancel invoice" }).click();
  const confirm = page.getByRole("dialog", { name: "Cancel this invoice?" });
  await expect(confirm).toContainText("Cancel 12.50 USDT for order beans-1.");
  await confirm.getByRole("button", { name: "Cancel invoice" }).click();
  await expect(page.getByText("Invoice cancelled")).toBeVisible();
  await expect(page.getByText("Cancelled", { exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Cancel invoice" })).toHaveCount(0);
  await expect(page.getByRole("region", { name: "Events" })).toContainText("invoice.cancelled");

  // The link is the customer's page.
  await page.goto(link);
  await expect(page.getByText("Two bags of beans")).toBeVisible();
});
