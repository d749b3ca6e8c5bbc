import { expect, test } from "@playwright/test";
import { createBrandedMerchant, createInvoice, screens } from "../fixtures/checkout";

const LOGO = `data:image/svg+xml;base64,${Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="12" fill="#0f766e"/><path d="M14 30c4-10 16-10 20 0" stroke="#fff" stroke-width="4" fill="none" stroke-linecap="round"/><circle cx="24" cy="18" r="4" fill="#fff"/></svg>',
).toString("base64")}`;

test("the page wears the merchant's name, logo, accent colour and support email", async ({ page }) => {
  const key = await createBrandedMerchant({
    name: "Nordic Roasters",
    logoUrl: LOGO,
    accentColor: "#0f766e",
    supportEmail: "hello@nordic.example",
  });
  const invoice = await createInvoice(
    {
      amount: "18.00",
      currency: "USDC",
      description: "1 kg Ethiopia Guji, whole bean",
      payment_methods: [{ network: "devnet", asset: "USDC" }],
    },
    key,
  );

  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto(invoice.hosted_url);
  await expect(page).toHaveTitle("Pay Nordic Roasters · Payrail");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nordic Roasters");
  await expect(page.getByRole("img", { name: "Nordic Roasters logo" })).toHaveJSProperty("complete", true);
  await expect(page.getByText("1 kg Ethiopia Guji, whole bean")).toBeVisible();
  // The accent drives the primary action.
  await expect(page.getByRole("link", { name: "Open in wallet" })).toHaveCSS("background-color", "rgb(15, 118, 110)");
  await screens(page, "branded");
});

test("an accent that is not a colour is ignored rather than injected", async ({ page }) => {
  const key = await createBrandedMerchant({
    name: "Odd Accent Ltd",
    logoUrl: "javascript:alert(1)",
    accentColor: "red;}body{display:none",
    supportEmail: "x@odd.example",
  });
  const invoice = await createInvoice(
    { amount: "1.00", currency: "USDC", payment_methods: [{ network: "devnet", asset: "USDC" }] },
    key,
  );
  await page.goto(invoice.hosted_url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Odd Accent Ltd");
  await expect(page.getByRole("img", { name: /logo/ })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Open in wallet" })).toHaveCSS("background-color", "rgb(79, 70, 229)");
});

test("a logo that doesn't load gives way to the neutral mark", async ({ page }) => {
  const key = await createBrandedMerchant({
    name: "Gone Logo GmbH",
    logoUrl: "https://logo.invalid/logo.png",
    accentColor: null,
    supportEmail: "x@gone.example",
  });
  const invoice = await createInvoice(
    { amount: "1.00", currency: "USDC", payment_methods: [{ network: "devnet", asset: "USDC" }] },
    key,
  );
  await page.goto(invoice.hosted_url);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gone Logo GmbH");
  await expect(page.getByRole("img", { name: "Gone Logo GmbH logo" })).toBeHidden();
  await expect(page.locator("[data-checkout] svg.lucide-store")).toBeVisible();
});
