import { listOf, type OpenApiSection } from "../api/openapi-operation";
import { depositResponse, listDepositsQuery } from "../deposits/deposit.schema";
import { createCustomerRequest, customerResponse, listCustomersQuery } from "./customer.schema";

/** The customer and deposit routes of the public API (app/api/v1/customers, app/api/v1/deposits). */
export const customersOpenApi: OpenApiSection = {
  tags: [
    {
      name: "Customers",
      description: "Balance top-ups: a permanent deposit address per customer, and the deposits it receives.",
    },
  ],
  schemas: { Customer: customerResponse, Deposit: depositResponse },
  operations: [
    {
      method: "post",
      path: "/api/v1/customers",
      operationId: "createCustomer",
      tag: "Customers",
      summary: "Create a customer",
      description:
        "Gives the customer one permanent deposit address, the same on every enabled network. Any amount of any enabled " +
        "asset sent there becomes a deposit. A `reference` already used in this mode is a 409 `customer_reference_exists`.",
      body: createCustomerRequest,
      response: { status: 201, schema: customerResponse, description: "The customer." },
    },
    {
      method: "get",
      path: "/api/v1/customers",
      operationId: "listCustomers",
      tag: "Customers",
      summary: "List customers",
      description: "The customers of the key's mode, newest first; `reference` finds one.",
      query: listCustomersQuery,
      response: { status: 200, schema: listOf("Customer", customerResponse), description: "A list of customers." },
    },
    {
      method: "get",
      path: "/api/v1/customers/{id}",
      operationId: "retrieveCustomer",
      tag: "Customers",
      summary: "Retrieve a customer",
      response: {
        status: 200,
        schema: customerResponse,
        description: "The customer, with what its deposits credited.",
      },
    },
    {
      method: "get",
      path: "/api/v1/deposits",
      operationId: "listDeposits",
      tag: "Customers",
      summary: "List deposits",
      description: "The deposits of the key's mode, newest first; `customer` keeps one customer's.",
      query: listDepositsQuery,
      response: { status: 200, schema: listOf("Deposit", depositResponse), description: "A list of deposits." },
    },
    {
      method: "get",
      path: "/api/v1/deposits/{id}",
      operationId: "retrieveDeposit",
      tag: "Customers",
      summary: "Retrieve a deposit",
      response: { status: 200, schema: depositResponse, description: "The deposit." },
    },
  ],
};
