import { describe, expect, it } from "vitest";
import {
  accountReference,
  darajaTimestamp,
  describeResultCode,
  normalizeMsisdn,
  SANDBOX_PASSKEY,
  stkPassword,
  transactionDesc,
  wholeShillings,
} from "./daraja.rules.ts";

describe("Daraja field rules (protocols.md §1.2)", () => {
  it("computes the Password of the portal example (174379, sandbox passkey, 20240101120000)", () => {
    expect(stkPassword("174379", SANDBOX_PASSKEY, "20240101120000")).toBe(
      "MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMjQwMTAxMTIwMDAw",
    );
    // Decoding it gives the plain concatenation.
    const decoded = Buffer.from(stkPassword("174379", SANDBOX_PASSKEY, "20210628092408"), "base64").toString();
    expect(decoded).toBe(`174379${SANDBOX_PASSKEY}20210628092408`);
  });

  it("writes the Timestamp in Nairobi time (UTC+3), YYYYMMDDHHmmss", () => {
    expect(darajaTimestamp(new Date("2024-01-01T09:00:00Z"))).toBe("20240101120000");
    // Crosses midnight and a year boundary in Nairobi before UTC does.
    expect(darajaTimestamp(new Date("2023-12-31T22:30:05Z"))).toBe("20240101013005");
    expect(darajaTimestamp(new Date("2024-02-29T20:59:59Z"))).toBe("20240229235959");
  });

  it("normalises what shoppers type to 2547XXXXXXXX / 2541XXXXXXXX", () => {
    expect(normalizeMsisdn("0712345678")).toBe("254712345678");
    expect(normalizeMsisdn("0712 345 678")).toBe("254712345678");
    expect(normalizeMsisdn("+254 712-345-678")).toBe("254712345678");
    expect(normalizeMsisdn("254712345678")).toBe("254712345678");
    expect(normalizeMsisdn("712345678")).toBe("254712345678");
    expect(normalizeMsisdn("0110345678")).toBe("254110345678");
    expect(normalizeMsisdn("+2541103456789")).toBeUndefined();
  });

  it("refuses numbers M-Pesa cannot prompt", () => {
    for (const bad of ["0212345678", "071234567", "07123456789", "+255712345678", "phone", "", "2540712345678"]) {
      expect(normalizeMsisdn(bad), bad).toBeUndefined();
    }
  });

  it("asks for whole shillings rounded up, never down", () => {
    expect(wholeShillings(150000, "KES")).toBe(1500);
    expect(wholeShillings(149901, "KES")).toBe(1500);
    expect(wholeShillings(149999, "KES")).toBe(1500);
    expect(wholeShillings(1, "KES")).toBe(1);
    expect(() => wholeShillings(1000, "USD")).toThrow(/KES/);
  });

  it("keeps AccountReference alphanumeric within 12 characters and TransactionDesc within 13", () => {
    expect(accountReference("SK-100042")).toBe("SK100042");
    expect(accountReference("SK-12345678901234")).toBe("345678901234");
    expect(accountReference("SK-12345678901234")).toHaveLength(12);
    expect(transactionDesc("Order 100042 of many items")).toBe("Order 100042 ");
    expect(transactionDesc("Order 100042 of many items").length).toBeLessThanOrEqual(13);
  });

  it("says in plain words why a payment failed, by ResultCode", () => {
    expect(describeResultCode(1032)).toMatch(/cancelled/i);
    expect(describeResultCode(1037)).toMatch(/could not be reached|timed out/i);
    expect(describeResultCode(2001)).toMatch(/PIN/);
    expect(describeResultCode(1)).toMatch(/not enough money/i);
    expect(describeResultCode(4242)).toMatch(/4242/);
  });
});
