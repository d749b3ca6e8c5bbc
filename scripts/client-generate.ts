// `npm run client:generate`: write packages/client/src/schema.d.ts from the OpenAPI document.
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { CLIENT_SCHEMA_PATH, generateClientSchema } from "./lib/client-schema";

const next = await generateClientSchema();
const previous = await readFile(CLIENT_SCHEMA_PATH, "utf8").catch(() => null);
const relative = path.relative(process.cwd(), CLIENT_SCHEMA_PATH);
if (previous === next) {
  console.log(`${relative} is up to date`);
} else {
  await writeFile(CLIENT_SCHEMA_PATH, next);
  console.log(`wrote ${relative}`);
}
