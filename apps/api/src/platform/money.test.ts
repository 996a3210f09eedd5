import { describe, expect, it } from "vitest";
import { convertMinor, formatMinor, MoneyFormatError, toMinor } from "./money.ts";

describe("money", () => {
  it("parses numbers and decimal strings into minor units exactly", () => {
    expect(toMinor(19.99, "USD")).toBe(1999);
    expect(toMinor("1499", "KES")).toBe(149900);
    expect(toMinor("1499.5", "KES")).toBe(149950);
    expect(toMinor("0.10", "KES")).toBe(10);
    expect(() => toMinor(0.1 + 0.2, "USD")).toThrow(MoneyFormatError); // 0.30000000000000004
    expect(toMinor("1.230", "USD")).toBe(123);
  });

  it("refuses negatives, excess decimals and junk", () => {
    expect(() => toMinor(-1, "KES")).toThrow(MoneyFormatError);
    expect(() => toMinor("1.999", "KES")).toThrow(/at most 2 decimal/);
    expect(() => toMinor("1e5", "KES")).toThrow(MoneyFormatError);
    expect(() => toMinor(Number.NaN, "KES")).toThrow(MoneyFormatError);
    expect(() => toMinor("12abc", "KES")).toThrow(MoneyFormatError);
  });

  it("formats minor units as fixed decimal strings", () => {
    expect(formatMinor(149900, "KES")).toBe("1499.00");
    expect(formatMinor(5, "USD")).toBe("0.05");
    expect(formatMinor(1500, "JPY")).toBe("1500");
  });

  it("converts across currencies with half-up rounding", () => {
    expect(convertMinor(1999, "USD", "KES", "129.5")).toBe(258871); // 19.99 × 129.5 = 2588.705 → 2588.71
    expect(convertMinor(100, "KES", "KES", "1")).toBe(100);
    expect(convertMinor(1000, "JPY", "KES", "0.87")).toBe(87000);
  });
});
