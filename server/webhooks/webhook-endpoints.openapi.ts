import { listOf, type OpenApiSection } from "../api/openapi-operation";
import {
  listWebhookDeliveriesQuery,
  resendFailedDeliveriesRequest,
  resendFailedDeliveriesResponse,
  webhookDeliveryResponse,
} from "./webhook-delivery.schema";
import {
  createWebhookEndpointRequest,
  deletedWebhookEndpointResponse,
  listWebhookEndpointsQuery,
  updateWebhookEndpointRequest,
  webhookEndpointResponse,
  webhookEndpointWithSecretResponse,
} from "./webhook-endpoint.schema";

const tag = "Webhook endpoints";

/** The webhook endpoint and delivery routes (app/api/v1/webhook_endpoints), as server/api/openapi.ts documents them. */
export const webhookEndpointsOpenApi: OpenApiSection = {
  tags: [{ name: tag, description: "Where events are sent, and the log of what was sent." }],
  schemas: {
    WebhookEndpoint: webhookEndpointResponse,
    WebhookEndpointWithSecret: webhookEndpointWithSecretResponse,
    DeletedWebhookEndpoint: deletedWebhookEndpointResponse,
    WebhookDelivery: webhookDeliveryResponse,
    WebhookDeliveryResend: resendFailedDeliveriesResponse,
  },
  operations: [
    {
      method: "post",
      path: "/api/v1/webhook_endpoints",
      operationId: "createWebhookEndpoint",
      tag,
      summary: "Create a webhook endpoint",
      description: "The response holds the endpoint's signing secret, shown only here (and after a rotation).",
      body: createWebhookEndpointRequest,
      response: {
        status: 201,
        schema: webhookEndpointWithSecretResponse,
        description: "The endpoint with its secret.",
      },
    },
    {
      method: "get",
      path: "/api/v1/webhook_endpoints",
      operationId: "listWebhookEndpoints",
      tag,
      summary: "List webhook endpoints",
      query: listWebhookEndpointsQuery,
      response: {
        status: 200,
        schema: listOf("WebhookEndpoint", webhookEndpointResponse),
        description: "A list of endpoints.",
      },
    },
    {
      method: "get",
      path: "/api/v1/webhook_endpoints/{id}",
      operationId: "retrieveWebhookEndpoint",
      tag,
      summary: "Retrieve a webhook endpoint",
      description: "Never with its secret.",
      response: { status: 200, schema: webhookEndpointResponse, description: "The endpoint." },
    },
    {
      method: "post",
      path: "/api/v1/webhook_endpoints/{id}",
      operationId: "updateWebhookEndpoint",
      tag,
      summary: "Update a webhook endpoint",
      description: "Only the fields given change. Also disables or enables the endpoint.",
      body: updateWebhookEndpointRequest,
      response: { status: 200, schema: webhookEndpointResponse, description: "The updated endpoint." },
    },
    {
      method: "delete",
      path: "/api/v1/webhook_endpoints/{id}",
      operationId: "deleteWebhookEndpoint",
      tag,
      summary: "Delete a webhook endpoint",
      description: "It receives nothing from then on.",
      response: { status: 200, schema: deletedWebhookEndpointResponse, description: "The deleted endpoint." },
    },
    {
      method: "post",
      path: "/api/v1/webhook_endpoints/{id}/rotate_secret",
      operationId: "rotateWebhookEndpointSecret",
      tag,
      summary: "Rotate a webhook endpoint's secret",
      description: "A new secret, shown once; the previous one keeps signing for 24 hours.",
      response: {
        status: 200,
        schema: webhookEndpointWithSecretResponse,
        description: "The endpoint with its new secret.",
      },
    },
    {
      method: "get",
      path: "/api/v1/webhook_endpoints/{id}/deliveries",
      operationId: "listWebhookDeliveries",
      tag,
      summary: "List an endpoint's deliveries",
      description: "The endpoint's delivery log, newest first, each delivery with every attempt.",
      query: listWebhookDeliveriesQuery,
      response: {
        status: 200,
        schema: listOf("WebhookDelivery", webhookDeliveryResponse),
        description: "A list of deliveries.",
      },
    },
    {
      method: "post",
      path: "/api/v1/webhook_endpoints/{id}/deliveries/resend",
      operationId: "resendFailedWebhookDeliveries",
      tag,
      summary: "Resend failed deliveries",
      description:
        "Schedules the endpoint's failed deliveries created in [created_gte, created_lt) to be sent again now.",
      body: resendFailedDeliveriesRequest,
      response: {
        status: 200,
        schema: resendFailedDeliveriesResponse,
        description: "How many deliveries were scheduled.",
      },
    },
    {
      method: "get",
      path: "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}",
      operationId: "retrieveWebhookDelivery",
      tag,
      summary: "Retrieve a delivery",
      description: "One delivery with its attempts.",
      response: { status: 200, schema: webhookDeliveryResponse, description: "The delivery." },
    },
    {
      method: "post",
      path: "/api/v1/webhook_endpoints/{id}/deliveries/{delivery_id}/resend",
      operationId: "resendWebhookDelivery",
      tag,
      summary: "Resend a delivery",
      description: "Sends one delivery again now.",
      response: { status: 200, schema: webhookDeliveryResponse, description: "The delivery." },
    },
  ],
};
