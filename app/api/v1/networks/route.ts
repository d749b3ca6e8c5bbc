import { apiRoute, json } from "@/server/api/rest";
import { listNetworks } from "@/server/chains/list-networks";

// GET /api/v1/networks: the networks enabled for the key's mode
export const GET = apiRoute("networks:read", async (_request, auth) => {
  const data = listNetworks(auth.livemode);
  return json(200, { object: "list", data, has_more: false });
});
