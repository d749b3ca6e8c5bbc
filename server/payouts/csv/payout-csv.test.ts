import { describe, expect, it } from "vitest";
import { parsePayoutCsv, splitCsvRecords } from "./parse-payout-csv";
import { validatePayoutRows } from "./validate-payout-rows";

const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const USDC = { symbol: "USDC", decimals: 6 };

const records = (text: string) => {
  const parsed = parsePayoutCsv(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.records;
};

describe("parsePayoutCsv", () => {
  it("reads the header and rows, with LF or CRLF, a trailing line break or none", () => {
    const expected = [
      { line: 2, fields: [A, "12.50", "inv-1"] },
      { line: 3, fields: [B, "3", ""] },
    ];
    for (const text of [
      `address,amount,reference\n${A},12.50,inv-1\n${B},3,`,
      `address,amount,reference\n${A},12.50,inv-1\n${B},3,\n`,
      `address,amount,reference\r\n${A},12.50,inv-1\r\n${B},3,\r\n`,
      `address,amount,reference\r\n${A},12.50,inv-1\r\n${B},3,\r\n\r\n\n`,
    ]) {
      expect(parsePayoutCsv(text), JSON.stringify(text)).toEqual({ ok: true, records: expected });
    }
  });

  it("ignores a UTF-8 BOM before the header", () => {
    expect(parsePayoutCsv(`\uFEFFaddress,amount,reference\r\n${A},1,r\r\n`)).toEqual({
      ok: true,
      records: [{ line: 2, fields: [A, "1", "r"] }],
    });
  });

  it("reads quoted fields per RFC 4180: commas, doubled quotes and line breaks inside, line numbers kept", () => {
    const text = `address,amount,reference\n"${A}","1.5","a, ""quoted"" ref"\n${B},2,"two\r\nlines"\n${A},3,""\n${B},4,last\n`;
    expect(parsePayoutCsv(text)).toEqual({
      ok: true,
      records: [
        { line: 2, fields: [A, "1.5", 'a, "quoted" ref'] },
        { line: 3, fields: [B, "2", "two\r\nlines"] },
        { line: 5, fields: [A, "3", ""] },
        { line: 6, fields: [B, "4", "last"] },
      ],
    });
  });

  it("refuses a broken quote as a file error naming the line", () => {
    expect(parsePayoutCsv(`address,amount,reference\n${A},1,"open\n${B},2,x\n`)).toEqual({
      ok: false,
      error: 'Line 2: a quoted field is not closed (a " is missing).',
    });
    expect(parsePayoutCsv(`address,amount,reference\n${A},1,"a"b\n`)).toEqual({
      ok: false,
      error: "Line 2: text after a closing quote (quote the whole field, and double quotes in it).",
    });
    expect(parsePayoutCsv(`address,amount,reference\n${A},1,a"b\n`)).toEqual({
      ok: false,
      error: "Line 2: a quote inside an unquoted field (quote the whole field, and double it).",
    });
  });

  it("refuses another header, an empty file and a header without rows", () => {
    for (const [text, error] of [
      [
        `Address,Amount,Reference\n${A},1,r\n`,
        'The first line must be exactly "address,amount,reference" (found "Address,Amount,Reference").',
      ],
      [
        `address,amount\n${A},1\n`,
        'The first line must be exactly "address,amount,reference" (found "address,amount").',
      ],
      [
        `address, amount, reference\n`,
        'The first line must be exactly "address,amount,reference" (found "address, amount, reference").',
      ],
      [`${A},1,r\n`, `The first line must be exactly "address,amount,reference" (found "${A},1,r").`],
      ["", 'The file is empty: its first line must be the header "address,amount,reference".'],
      ["\uFEFF\r\n", 'The file is empty: its first line must be the header "address,amount,reference".'],
      ["address,amount,reference\r\n", "The file has a header but no payouts: add 1 to 1,000 rows."],
      ["address,amount,reference\n\n\n", "The file has a header but no payouts: add 1 to 1,000 rows."],
    ] as const) {
      expect(parsePayoutCsv(text), JSON.stringify(text)).toEqual({ ok: false, error });
    }
  });

  it("takes 1,000 rows, and refuses 1,001 or 10,001 after reading no more than 1,001 records", () => {
    const row = (i: number) => `${A},1,ref-${i}\n`;
    const file = (n: number) => `address,amount,reference\n${Array.from({ length: n }, (_, i) => row(i)).join("")}`;
    const thousand = parsePayoutCsv(`${file(1000)}\n\n`);
    expect(thousand.ok && thousand.records.length).toBe(1000);
    const error =
      "The file has more than 1,000 rows after the header: a batch holds 1 to 1,000 payouts. Split it into files of at most 1,000 rows.";
    expect(parsePayoutCsv(file(1001))).toEqual({ ok: false, error });
    expect(parsePayoutCsv(file(10_001))).toEqual({ ok: false, error });
    // The splitter stops at its limit: the rest of a 10,001-row file is never split into records.
    const split = splitCsvRecords(file(10_001), 1001);
    expect("records" in split && [split.records.length, split.more]).toEqual([1001, true]);
  });
});

describe("validatePayoutRows", () => {
  it("turns good rows into items (lowercase address, base units, trimmed, empty reference none)", () => {
    const result = validatePayoutRows(
      records(`address,amount,reference\n${A},12.5,inv-1\n ${B.toLowerCase()} , 0.000001 ,\n${A},007.10,x\n`),
      USDC,
    );
    expect(result).toEqual({
      problems: [],
      total: 19_600_001n,
      items: [
        { line: 2, address: A.toLowerCase(), amount: 12_500_000n, reference: "inv-1" },
        { line: 3, address: B.toLowerCase(), amount: 1n, reference: null },
        { line: 4, address: A.toLowerCase(), amount: 7_100_000n, reference: "x" },
      ],
    });
  });

  it("reports every kind of row error with its line, several per row, and keeps only clean rows", () => {
    const text = [
      "address,amount,reference",
      `${A},1,ok-1`, // 2 fine
      ",,", // 3 empty row
      `${A},1`, // 4 two fields
      `,5,r4`, // 5 address missing
      `0x1234,5,r5`, // 6 not an address
      `0x70997970C51812dc3A010C7d01b50e0d17dc79c8,5,r6`, // 7 bad checksum
      `0x0000000000000000000000000000000000000000,5,r7`, // 8 zero address
      `${B},,r8`, // 9 amount missing
      `${B},abc,r9`, // 10 not a number
      `${B},-5,r10`, // 11 negative
      `${B},0.00,r11`, // 12 zero
      `${B},1.0000001,r12`, // 13 too precise
      `${B},1e3,r13`, // 14 exponent
      `${B},"1,000.00",r14`, // 15 thousands separator
      `${B},2,${"x".repeat(201)}`, // 16 reference too long
      `${B},3,ok-1`, // 17 duplicate reference
      `nope,-1,r16`, // 18 two errors
      "", // 19 blank line between rows
      `${B},4,ok-2`, // 20 fine
    ].join("\n");
    const result = validatePayoutRows(records(text), USDC);
    expect(result.problems.map((p) => [p.line, p.severity, p.field, p.code])).toEqual([
      [3, "error", "row", "empty_row"],
      [4, "error", "row", "wrong_field_count"],
      [5, "error", "address", "address_missing"],
      [6, "error", "address", "address_invalid"],
      [7, "error", "address", "address_checksum"],
      [8, "error", "address", "address_zero"],
      [9, "error", "amount", "amount_missing"],
      [10, "error", "amount", "amount_invalid"],
      [11, "error", "amount", "amount_negative"],
      [12, "error", "amount", "amount_zero"],
      [13, "error", "amount", "amount_too_precise"],
      [14, "error", "amount", "amount_invalid"],
      [15, "error", "amount", "amount_invalid"],
      [16, "error", "reference", "reference_too_long"],
      [17, "error", "reference", "reference_duplicate"],
      [18, "error", "address", "address_invalid"],
      [18, "error", "amount", "amount_negative"],
      [19, "error", "row", "empty_row"],
    ]);
    expect(result.problems.find((p) => p.line === 13)!.message).toBe("Too many decimal places: USDC has 6 (found 7).");
    expect(result.problems.find((p) => p.line === 17)!.message).toBe(
      'Reference "ok-1" is also on line 2: references are unique.',
    );
    expect(result.problems.find((p) => p.line === 4)!.message).toBe(
      "2 fields where address,amount,reference are 3 (a comma in a reference needs quotes).",
    );
    expect(result.items.map((i) => i.line)).toEqual([2, 20]);
    // Valid amounts count in the total even on rows with other errors: 1 (l.2) + 5×4 (l.5-8) + 2 + 3 + 4.
    expect(result.total).toBe(30_000_000n);
  });

  it("flags the same address and amount again as a warning only, and an amount the asset allows", () => {
    const result = validatePayoutRows(
      records(`address,amount,reference\n${A},10,a\n${B},10,b\n${A.toLowerCase()},10.000,c\n${A},10.01,d\n`),
      USDC,
    );
    expect(result.problems).toEqual([
      {
        line: 4,
        severity: "warning",
        field: "row",
        code: "duplicate_payout",
        message: "Same address and amount (10.00 USDC) as line 2: is it listed twice?",
      },
    ]);
    expect(result.items.map((i) => i.line)).toEqual([2, 3, 4, 5]);
    const eth = validatePayoutRows(records(`address,amount,reference\n${A},0.000000000000000001,e\n`), {
      symbol: "ETH",
      decimals: 18,
    });
    expect([eth.problems, eth.items[0]!.amount]).toEqual([[], 1n]);
  });
});
