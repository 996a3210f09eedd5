import { createHash, createHmac } from "node:crypto";

/**
 * AWS Signature Version 4 (header form), as PA-API 5 requires (service `ProductAdvertisingAPI`).
 * Written from the published algorithm with Node's crypto rather than a dependency: the
 * canonical request, the string to sign and the derived key are each one line of the spec, and
 * sigv4.test.ts holds them to AWS's own test-suite vectors.
 */
export type SigV4Request = {
  method: string;
  url: URL;
  /** Every header to sign, `host` and `x-amz-date` included; names in any case. */
  headers: Record<string, string>;
  body: string;
};
export type SigV4Key = { accessKeyId: string; secretAccessKey: string; region: string; service: string };

export function sha256Hex(data: string): string {
  return createHash("sha256").update(data, "utf8").digest("hex");
}

function hmac(key: Buffer | string, data: string): Buffer {
  return createHmac("sha256", key).update(data, "utf8").digest();
}

/** RFC 3986 encoding as SigV4 wants it: only unreserved characters stay as they are. */
function uriEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalQuery(url: URL): string {
  const pairs = [...url.searchParams].map(([k, v]) => [uriEncode(k), uriEncode(v)] as const);
  pairs.sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function canonicalPath(url: URL): string {
  // Each segment encoded once (non-S3 services encode twice, but an already-encoded path segment
  // is decoded first, so the result is the same for the plain paths PA-API uses).
  return url.pathname
    .split("/")
    .map((seg) => uriEncode(decodeURIComponent(seg)))
    .join("/");
}

/** The signature's parts, exposed for tests against AWS's published intermediate values. */
export function signV4(req: SigV4Request, key: SigV4Key) {
  const headers = Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v.trim().replace(/\s+/g, " ")]);
  headers.sort(([a], [b]) => ((a ?? "") < (b ?? "") ? -1 : 1));
  const amzDate = headers.find(([k]) => k === "x-amz-date")?.[1];
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate))
    throw new Error("SigV4 needs an x-amz-date header (YYYYMMDDTHHMMSSZ)");
  const signedHeaders = headers.map(([k]) => k).join(";");
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalPath(req.url),
    canonicalQuery(req.url),
    `${headers.map(([k, v]) => `${k}:${v}`).join("\n")}\n`,
    signedHeaders,
    sha256Hex(req.body),
  ].join("\n");
  const date = amzDate.slice(0, 8);
  const scope = `${date}/${key.region}/${key.service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const kDate = hmac(`AWS4${key.secretAccessKey}`, date);
  const kSigning = hmac(hmac(hmac(kDate, key.region), key.service), "aws4_request");
  const signature = createHmac("sha256", kSigning).update(stringToSign, "utf8").digest("hex");
  const authorization = `AWS4-HMAC-SHA256 Credential=${key.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, authorization };
}

/** `x-amz-date` for an instant: 20240101T120000Z. */
export function amzDate(at: Date): string {
  return at
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}
