// The README's examples. `tsc` checks them, server/api/client.integration.test.ts runs them against the real
// API, and packages/client/readme.test.ts fails when README.md's code blocks differ from the regions below.
import { createPayrailClient, type components, type Invoice, type PayrailClient } from "@payrail/client";

export function connect(apiKey: string): PayrailClient {
  // #region connect
  const payrail = createPayrailClient({ baseUrl: "https://pay.example.com", apiKey });
  // #endregion
  return payrail;
}

export async function createOrderInvoice(payrail: PayrailClient, orderId: string): Promise<Invoice> {
  // #region create
  const { data: invoice, error } = await payrail.POST("/api/v1/invoices", {
    body: { amount: "25.00", currency: "USDC", order_id: orderId },
    // A retry with the same key returns the first invoice instead of creating a second one.
    params: { header: { "Idempotency-Key": `order-${orderId}` } },
  });
  if (error) throw new Error(`${error.error.code}: ${error.error.message}`);
  // Send the customer to invoice.hosted_url, or show invoice.payment_options on your own page.
  // #endregion
  return invoice;
}

export async function isPaid(payrail: PayrailClient, id: string): Promise<boolean> {
  // #region get
  const { data: invoice, error } = await payrail.GET("/api/v1/invoices/{id}", { params: { path: { id } } });
  if (error) throw new Error(`${error.error.code}: ${error.error.message}`);
  // Amounts are decimal strings in the invoice's currency, such as "25.00": never parse them into floats.
  const paid = invoice.status === "paid" && invoice.amount_due === "0.00";
  // #endregion
  return paid;
}

export async function paidInvoiceIds(payrail: PayrailClient): Promise<string[]> {
  // #region list
  const ids: string[] = [];
  let startingAfter: string | undefined;
  for (;;) {
    const { data: page, error } = await payrail.GET("/api/v1/invoices", {
      params: { query: { status: "paid", limit: 100, starting_after: startingAfter } },
    });
    if (error) throw new Error(`${error.error.code}: ${error.error.message}`);
    ids.push(...page.data.map((invoice) => invoice.id));
    if (!page.has_more) break;
    startingAfter = page.data.at(-1)?.id;
  }
  // #endregion
  return ids;
}

export async function invoiceOrMessage(payrail: PayrailClient, amount: string): Promise<Invoice | string> {
  // #region errors
  const { data, error, response } = await payrail.POST("/api/v1/invoices", { body: { amount, currency: "USDC" } });
  if (error) {
    // `code` is one of the documented error codes; `param` names the field a 422 is about.
    if (response.status === 422 && error.error.param === "amount") return `Check the amount: ${error.error.message}`;
    throw new Error(`${response.status} ${error.error.code}: ${error.error.message}`);
  }
  // #endregion
  return data;
}

// #region types
export type PaymentOption = Invoice["payment_options"][number];
export type Network = components["schemas"]["Network"];
// #endregion
