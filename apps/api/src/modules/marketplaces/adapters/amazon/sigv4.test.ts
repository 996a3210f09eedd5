import { describe, expect, it } from "vitest";
import { amzDate, sha256Hex, signV4 } from "./sigv4.ts";

// AWS's published Signature Version 4 test suite (aws-sig-v4-test-suite): fixed key, date and
// request, with the expected canonical request hash and signature.
const KEY = {
  accessKeyId: "AKIDEXAMPLE",
  secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
  region: "us-east-1",
  service: "service",
};
const HEADERS = { Host: "example.amazonaws.com", "X-Amz-Date": "20150830T123600Z" };

describe("SigV4 against AWS's test suite", () => {
  it("signs get-vanilla as AWS does", () => {
    const r = signV4(
      { method: "GET", url: new URL("https://example.amazonaws.com/"), headers: HEADERS, body: "" },
      KEY,
    );
    expect(r.canonicalRequest).toBe(
      "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
    expect(sha256Hex(r.canonicalRequest)).toBe("bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    expect(r.authorization).toBe(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
    );
  });

  it("sorts the query before signing (get-vanilla-query-order-key-case)", () => {
    const url = new URL("https://example.amazonaws.com/?Param2=value2&Param1=value1");
    const r = signV4({ method: "GET", url, headers: HEADERS, body: "" }, KEY);
    expect(r.signature).toBe("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500");
  });

  it("changes the signature with the secret, the body or the date", () => {
    const req = {
      method: "POST",
      url: new URL("https://example.amazonaws.com/paapi5/searchitems"),
      headers: HEADERS,
      body: "{}",
    };
    const base = signV4(req, KEY).signature;
    expect(signV4(req, { ...KEY, secretAccessKey: "other" }).signature).not.toBe(base);
    expect(signV4({ ...req, body: '{"Keywords":"x"}' }, KEY).signature).not.toBe(base);
    expect(signV4({ ...req, headers: { ...HEADERS, "X-Amz-Date": "20150830T123601Z" } }, KEY).signature).not.toBe(base);
  });

  it("formats x-amz-date without separators or milliseconds", () => {
    expect(amzDate(new Date("2024-01-01T12:00:00.123Z"))).toBe("20240101T120000Z");
  });
});
