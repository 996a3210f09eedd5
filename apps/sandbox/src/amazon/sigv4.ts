import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";

/**
 * AWS Signature Version 4 verification, written from the published algorithm (canonical request →
 * string to sign → HMAC chain "AWS4"+secret / date / region / service / "aws4_request"), so the
 * simulator refuses what PA-API would. Tests check it against the independent `aws4` signer.
 */
export type SigV4Failure = {
  ok: false;
  status: 400 | 401;
  code: "IncompleteSignature" | "InvalidSignature" | "UnrecognizedClient";
  message: string;
};
export type SigV4Result = { ok: true; accessKey: string } | SigV4Failure;

export type SignedRequest = {
  method: string;
  /** The request target as sent: path plus query string. */
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
};

export type VerifyOptions = {
  region: string;
  service: string;
  /** The secret of an access key, or undefined for an unknown key. */
  secretFor(accessKey: string): string | undefined;
  now: Date;
  /** How far x-amz-date may be from now (AWS: 15 minutes). */
  maxSkewMs: number;
  /** Headers that must be signed (lowercase); host and x-amz-date always are. */
  requiredSignedHeaders?: readonly string[];
};

const SIGNING_HELP =
  "If you are using an AWS SDK, requests are signed for you automatically; otherwise, go to https://webservices.amazon.com/paapi5/documentation/sending-request.html#signing.";

const incomplete = (detail: string): SigV4Failure => ({
  ok: false,
  status: 400,
  code: "IncompleteSignature",
  message: `The request signature did not include all of the required components (${detail}). ${SIGNING_HELP}`,
});
const invalid = (detail: string): SigV4Failure => ({
  ok: false,
  status: 401,
  code: "InvalidSignature",
  message: `The request has not been correctly signed (${detail}). ${SIGNING_HELP}`,
});

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** RFC 3986 percent-encoding, as SigV4 wants it (unreserved characters stay). */
export function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalUri(path: string): string {
  const segments = path.split("/").map((segment) => {
    let decoded = segment;
    try {
      decoded = decodeURIComponent(segment);
    } catch {}
    return rfc3986(decoded);
  });
  const joined = segments.join("/");
  return joined === "" ? "/" : joined;
}

function canonicalQuery(query: string): string {
  if (!query) return "";
  const pairs = query
    .split("&")
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf("=");
      const decode = (s: string) => {
        try {
          return decodeURIComponent(s.replace(/\+/g, " "));
        } catch {
          return s;
        }
      };
      const key = decode(at < 0 ? part : part.slice(0, at));
      const value = at < 0 ? "" : decode(part.slice(at + 1));
      return [rfc3986(key), rfc3986(value)] as const;
    });
  pairs.sort((a, b) => (a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1));
  return pairs.map(([k, v]) => `${k}=${v}`).join("&");
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const v = headers[name];
  if (v === undefined) return undefined;
  const text = Array.isArray(v) ? v.join(",") : String(v);
  return text.trim().replace(/\s+/g, " ");
}

/** The signing key for a day, region and service. */
export function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), service), "aws4_request");
}

/** Verifies the Authorization header of a SigV4-signed request. */
export function verifySigV4(req: SignedRequest, opts: VerifyOptions): SigV4Result {
  const auth = headerValue(req.headers, "authorization");
  if (!auth) return incomplete("no Authorization header");
  const m =
    /^AWS4-HMAC-SHA256\s+Credential=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m) return incomplete("Authorization must be AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…");
  const [, credential = "", signedHeadersText = "", signature = ""] = m;
  const scope = credential.split("/");
  if (scope.length !== 5) return incomplete("Credential must be AccessKey/date/region/service/aws4_request");
  const [accessKey = "", day = "", region = "", service = "", terminator = ""] = scope;

  const amzDate = headerValue(req.headers, "x-amz-date");
  if (!amzDate || !/^\d{8}T\d{6}Z$/.test(amzDate))
    return incomplete("an X-Amz-Date header of the form YYYYMMDDTHHMMSSZ");
  const signed = signedHeadersText.split(";");
  for (const required of ["host", "x-amz-date", ...(opts.requiredSignedHeaders ?? [])]) {
    if (!signed.includes(required)) return incomplete(`'${required}' must be a SignedHeader`);
  }
  const sorted = [...signed].sort();
  if (sorted.join(";") !== signedHeadersText) return invalid("SignedHeaders must be sorted and lowercase");
  for (const name of signed)
    if (headerValue(req.headers, name) === undefined) return invalid(`signed header '${name}' is missing`);

  const secret = opts.secretFor(accessKey);
  if (secret === undefined) {
    return {
      ok: false,
      status: 401,
      code: "UnrecognizedClient",
      message: "The Access Key ID or security token included in the request is invalid.",
    };
  }
  if (terminator !== "aws4_request") return invalid("the credential scope must end in aws4_request");
  if (service !== opts.service) return invalid(`credential should be scoped to correct service: '${opts.service}'`);
  if (region !== opts.region) return invalid(`credential should be scoped to a valid region: '${opts.region}'`);
  if (day !== amzDate.slice(0, 8)) return invalid("the credential date must be the day of X-Amz-Date");
  const at = Date.UTC(
    Number(amzDate.slice(0, 4)),
    Number(amzDate.slice(4, 6)) - 1,
    Number(amzDate.slice(6, 8)),
    Number(amzDate.slice(9, 11)),
    Number(amzDate.slice(11, 13)),
    Number(amzDate.slice(13, 15)),
  );
  if (Math.abs(opts.now.getTime() - at) > opts.maxSkewMs)
    return invalid(`signature expired: ${amzDate} is too far from now`);

  const q = req.url.indexOf("?");
  const path = q < 0 ? req.url : req.url.slice(0, q);
  const query = q < 0 ? "" : req.url.slice(q + 1);
  const canonicalRequest = [
    req.method.toUpperCase(),
    canonicalUri(path),
    canonicalQuery(query),
    `${signed.map((name) => `${name}:${headerValue(req.headers, name)}`).join("\n")}\n`,
    signedHeadersText,
    sha256Hex(req.body),
  ].join("\n");
  const stringToSign = [
    "AWS4-HMAC-SHA256",
    amzDate,
    `${day}/${region}/${service}/aws4_request`,
    sha256Hex(canonicalRequest),
  ].join("\n");
  const expected = createHmac("sha256", signingKey(secret, day, region, service))
    .update(stringToSign, "utf8")
    .digest();
  const given = Buffer.from(signature, "hex");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return invalid("signature mismatch");
  return { ok: true, accessKey };
}
