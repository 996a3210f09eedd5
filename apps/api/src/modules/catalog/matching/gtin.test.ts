import { describe, expect, it } from "vitest";
import { gtinCheckDigit, isValidGtin, toGtin14 } from "./gtin.ts";

describe("GTIN", () => {
  it("computes the GS1 check digit", () => {
    expect(gtinCheckDigit("400638133393")).toBe(1); // EAN-13 4006381333931
    expect(gtinCheckDigit("03600029145")).toBe(2); // UPC-A 036000291452
    expect(gtinCheckDigit("9638507")).toBe(4); // GTIN-8 96385074
  });

  it("accepts GTIN-8, UPC-A, EAN-13 and GTIN-14 with a right check digit", () => {
    for (const code of ["96385074", "036000291452", "4006381333931", "10614141000415"]) {
      expect(isValidGtin(code)).toBe(true);
    }
  });

  it("rejects a wrong check digit, wrong lengths, letters and all zeros", () => {
    for (const code of [
      "4006381333932",
      "036000291453",
      "1234567",
      "12345678901",
      "40063813339X1",
      "0000000000000",
      "",
    ]) {
      expect(isValidGtin(code)).toBe(false);
    }
  });

  it("pads every form to one GTIN-14 and ignores spaces and hyphens", () => {
    expect(toGtin14("036000291452")).toBe("00036000291452");
    expect(toGtin14("0036000291452")).toBe("00036000291452");
    expect(toGtin14("0 36000-29145 2")).toBe("00036000291452");
    expect(toGtin14("96385074")).toBe("00000096385074");
    expect(toGtin14(null)).toBeUndefined();
  });
});
