import { apiRoute, json, readBody, readQuery } from "@/server/api/rest";
import { createCustomer } from "@/server/customers/create-customer";
import { createCustomerRequest, listCustomersQuery } from "@/server/customers/customer.schema";
import { listCustomers } from "@/server/customers/list-customers";
import { db } from "@/server/db";

// POST /api/v1/customers: a customer with a permanent deposit address (balance top-ups)
export const POST = apiRoute("invoices:write", async (request, auth) => {
  const body = await readBody(request, createCustomerRequest);
  const customer = await createCustomer(db(), { merchantId: auth.merchantId, livemode: auth.livemode, request: body });
  return json(201, customer);
});

// GET /api/v1/customers: the merchant's customers in this mode, newest first (`?reference=` finds one)
export const GET = apiRoute("invoices:read", async (request, auth) => {
  const query = readQuery(request, listCustomersQuery);
  const page = await listCustomers(db(), { merchantId: auth.merchantId, livemode: auth.livemode, query });
  return json(200, { object: "list", ...page });
});
