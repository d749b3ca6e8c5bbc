// Keeps README.md's TypeScript blocks equal to the regions of examples/readme.ts, which `tsc` type-checks
// and server/api/client.integration.test.ts runs against the real API.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const read = (file: string) => readFileSync(path.join(import.meta.dirname, file), "utf8");

/** The `// #region name` … `// #endregion` blocks of a file, dedented. */
function regions(source: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [, name = "", body = ""] of source.matchAll(/^ *\/\/ #region (\w+)\n([\s\S]*?)^ *\/\/ #endregion\n/gm)) {
    const indent = Math.min(
      ...body
        .split("\n")
        .filter(Boolean)
        .map((line) => /^ */.exec(line)![0].length),
    );
    out.set(
      name,
      body
        .split("\n")
        .map((line) => line.slice(indent))
        .join("\n"),
    );
  }
  return out;
}

describe("packages/client/README.md", () => {
  const readme = read("README.md");
  const examples = regions(read("examples/readme.ts"));
  const tsBlocks = [...readme.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1] ?? "");
  const exported = read("src/index.ts");

  it("shows exactly the examples of examples/readme.ts, in order", () => {
    expect(examples.size).toBeGreaterThanOrEqual(6);
    const shown = tsBlocks.map((block) => block.replace(/^(import .*;\n)+\n/, ""));
    expect(shown).toEqual([...examples.values()]);
  });

  it("imports only what the package exports", () => {
    const imported = tsBlocks.flatMap((block) =>
      [...block.matchAll(/^import (?:type )?\{([^}]*)\} from "([^"]+)";$/gm)].flatMap(([, names = "", from]) => {
        expect(from).toBe("@payrail/client");
        return names.split(",").map((n) => n.trim().replace(/^type /, ""));
      }),
    );
    expect(imported).toEqual(["createPayrailClient", "components", "Invoice"]);
    for (const name of imported)
      expect(exported).toMatch(new RegExp(`\\b(function|type|export type \\{[^}]*)\\s*${name}\\b`));
  });
});
