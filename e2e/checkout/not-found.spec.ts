import { expect, test } from "@playwright/test";
import { baseUrl } from "../fixtures/api";
import { screens } from "../fixtures/checkout";

test("an unknown payment link is a 404 whose explanation is in the server's HTML", async ({ page, request }) => {
  for (const id of ["inv_doesnotexist0000000000", "not-an-invoice-id"]) {
    const res = await request.get(`${baseUrl()}/pay/${id}`);
    expect(res.status()).toBe(404);
    // In the HTML itself, not only in the data React renders after hydration.
    const html = await res.text();
    expect(html).toContain('<h1 class="text-xl font-semibold tracking-tight">This payment link is not valid</h1>');
    expect(html).toContain("ask the merchant for a new payment link");
  }

  await page.setViewportSize({ width: 390, height: 844 });
  const response = await page.goto(`${baseUrl()}/pay/inv_doesnotexist0000000000`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("This payment link is not valid");
  await expect(page).toHaveTitle("This payment link is not valid · Payrail");
  await screens(page, "not-found");
});
