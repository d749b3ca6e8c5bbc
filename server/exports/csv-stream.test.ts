import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import { checksumAddress, type Address } from "viem";
import { describe, expect, it } from "vitest";
import { checksummed } from "./checksum-address";
import { csvField, csvStream, csvText, escapeFormula } from "./csv-stream";

// The exports write CSV by hand (csv-stringify's general path cost more per row than the rest of the
// export); these pin the hand-written fields to what csv-stringify writes with the same options.

const tricky = [
  "",
  "plain",
  "a,b",
  'say "hi"',
  '"',
  "line\nbreak",
  "cr\rhere",
  "crlf\r\nend",
  "ends with cr\r",
  "=SUM(A1)",
  "+1",
  "-1.50",
  "@x",
  "\tTab",
  "\rCR",
  "'quoted",
  "ünïcødé ✓",
  "=a,b",
  '-"x"',
  "  spaced  ",
  ",",
  "\n",
];

// csv-stringify quotes a lone CR or LF only when told to: RFC 4180 quotes every line break.
const viaStringify = (cells: string[]) => stringify([cells], { record_delimiter: "\r\n", quoted_match: /[\r\n]/ });

describe("csvField and csvText", () => {
  it("write each cell byte for byte as csv-stringify does (text cells formula-escaped first)", () => {
    for (const cell of tricky) {
      expect([cell, csvField(cell)]).toEqual([cell, viaStringify([cell]).slice(0, -2)]);
      expect([cell, csvText(cell)]).toEqual([cell, viaStringify([escapeFormula(cell)]).slice(0, -2)]);
    }
    expect(csvText(null)).toBe("");
    expect(csvText('=HYPERLINK("http://evil")')).toBe('"\'=HYPERLINK(""http://evil"")"');
  });

  it("streams a BOM, the header and every row as csv-stringify would write them", async () => {
    type Row = { text: string; amount: string | null };
    const rows: Row[] = tricky.map((text, n) => ({ text, amount: n % 3 === 0 ? null : `-${n}.50` }));
    async function* pages(): AsyncGenerator<Row[]> {
      yield rows.slice(0, 5);
      yield [];
      yield rows.slice(5);
    }
    const columns = [
      { header: "text", value: (r: Row) => r.text },
      { header: "amount", value: (r: Row) => r.amount, amount: true },
      { header: "=head", value: () => true },
    ];
    const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(
      await new Response(csvStream(columns, pages())).arrayBuffer(),
    );
    const expected = stringify(
      [["text", "amount", "'=head"], ...rows.map((r) => [escapeFormula(r.text), r.amount ?? "", "true"])],
      { record_delimiter: "\r\n", quoted_match: /[\r\n]/ },
    );
    expect(text).toBe(`\uFEFF${expected}`);
    // Parsed back, every cell (line breaks included) is the one written.
    const parsed = parse(text, { bom: true }) as string[][];
    expect(parsed.slice(1).map((r) => r[0])).toEqual(rows.map((r) => escapeFormula(r.text)));
  });
});

describe("checksummed", () => {
  it("is viem's EIP-55 checksum of the address", () => {
    const addresses = [
      "0x0000000000000000000000000000000000000000",
      "0xffffffffffffffffffffffffffffffffffffffff",
      "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
      "0x5fbdb2315678afecb367f032d93f642f64180aa3",
      ...Array.from(
        { length: 200 },
        (_, i) =>
          `0x${((BigInt(i) + 1n) * 0x9e3779b97f4a7c15f39cc0605cedc834n).toString(16).padStart(40, "0").slice(-40)}`,
      ),
    ];
    for (const address of addresses) {
      expect(checksummed(address)).toBe(checksumAddress(address as Address));
      expect(checksummed(address)).toBe(checksumAddress(address as Address)); // cached
    }
  });
});
