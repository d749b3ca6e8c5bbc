import { describe, expect, it } from "vitest";
import { safeCallback } from "./safe-callback";

describe("safeCallback", () => {
  it("refuses every value a browser would follow off this site", () => {
    for (const evil of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "\t//evil.example",
      "//evil.example",
      "/\\evil.example",
      "/\t\\evil.example",
      "/./\t/evil.example",
      "/.//evil.example",
      "https://evil.example/dashboard",
      "javascript:alert(1)",
      "dashboard",
      "",
    ]) {
      expect([evil, safeCallback(evil)]).toEqual([evil, "/dashboard"]);
    }
    expect(safeCallback(undefined, "/dashboard/shop/test")).toBe("/dashboard/shop/test");
  });

  it("keeps paths on this site, with their query and fragment", () => {
    expect(safeCallback("/dashboard/shop/test/invoices?status=paid#top")).toBe(
      "/dashboard/shop/test/invoices?status=paid#top",
    );
    expect(safeCallback("/invite/abc")).toBe("/invite/abc");
    expect(safeCallback("/")).toBe("/");
  });
});
