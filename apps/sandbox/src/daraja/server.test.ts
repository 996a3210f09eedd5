import { createServer, type IncomingMessage, type Server } from "node:http";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DARAJA_SANDBOX_PASSKEY, type Daraja, startDaraja } from "./index.ts";

// The simulator driven by an independent, published Daraja client (npm mpesa-node), which knows
// nothing of Sokoni: if it works against the simulator, the simulator speaks Daraja's protocol.
type AxiosLike = { status: number; data: Record<string, unknown> };
type MpesaNode = {
  baseURL: string;
  oAuth(): Promise<AxiosLike>;
  lipaNaMpesaOnline(
    msisdn: string,
    amount: number,
    callbackUrl: string,
    accountRef: string,
    transactionDesc?: string,
  ): Promise<AxiosLike>;
  lipaNaMpesaQuery(checkoutRequestId: string): Promise<AxiosLike>;
  c2bRegister(confirmationUrl: string, validationUrl: string): Promise<AxiosLike>;
  c2bSimulate(msisdn: string, amount: number, billRefNumber: string): Promise<AxiosLike>;
};
const MpesaClient = createRequire(import.meta.url)("mpesa-node") as new (config: Record<string, unknown>) => MpesaNode;

let daraja: Daraja;
let receiver: Server;
let receiverUrl: string;
const received: { path: string; body: unknown; contentType: string | undefined }[] = [];

beforeAll(async () => {
  daraja = await startDaraja({ consumerKey: "key-1", consumerSecret: "secret-1", callbackDelayMs: 50 });
  receiver = createServer((req: IncomingMessage, res) => {
    let text = "";
    req.on("data", (c) => {
      text += c;
    });
    req.on("end", () => {
      received.push({ path: req.url ?? "", body: JSON.parse(text), contentType: req.headers["content-type"] });
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ResultCode: 0, ResultDesc: "Accepted" }));
    });
  });
  await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r));
  const address = receiver.address();
  receiverUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await daraja?.close();
  await new Promise((r) => receiver?.close(r));
});

function client(overrides: Record<string, unknown> = {}): MpesaNode {
  const c = new MpesaClient({
    consumerKey: "key-1",
    consumerSecret: "secret-1",
    environment: "sandbox",
    shortCode: "174379",
    lipaNaMpesaShortCode: "174379",
    lipaNaMpesaShortPass: DARAJA_SANDBOX_PASSKEY,
    ...overrides,
  });
  c.baseURL = daraja.url;
  return c;
}

const errorOf = async (p: Promise<unknown>) => {
  try {
    await p;
  } catch (err) {
    const r = (err as { response?: AxiosLike }).response;
    return { status: r?.status, data: r?.data };
  }
  throw new Error("expected the call to fail");
};

describe("Daraja simulator, driven by mpesa-node", () => {
  it("issues a token whose expires_in is a string, and refuses wrong credentials", async () => {
    const token = await client().oAuth();
    expect(token.data.access_token).toEqual(expect.any(String));
    expect(token.data.expires_in).toBe("3599");
    const bad = await errorOf(client({ consumerSecret: "nope" }).oAuth());
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ errorCode: "400.008.01", requestId: expect.any(String) });
  });

  it("takes an STK Push, calls back once with the result, and answers STK Query", async () => {
    const push = await client().lipaNaMpesaOnline(
      "254708374149",
      10,
      `${receiverUrl}/hooks/stk`,
      "SK100001",
      "Order 100001",
    );
    expect(push.data).toMatchObject({ ResponseCode: "0", CustomerMessage: expect.any(String) });
    const id = push.data.CheckoutRequestID as string;
    expect(id).toMatch(/^ws_CO_\d{17}254708374149/);
    const early = await errorOf(client().lipaNaMpesaQuery(id));
    expect(early.data).toMatchObject({ errorCode: "500.001.1001", errorMessage: "The transaction is being processed" });

    await daraja.settle();
    const cb = received.find((r) => r.path === "/hooks/stk");
    expect(cb?.contentType).toBe("application/json;charset=UTF-8");
    if (!cb) throw new Error("no STK callback arrived");
    const stk = (cb.body as { Body: { stkCallback: Record<string, unknown> } }).Body.stkCallback;
    expect(stk).toMatchObject({ CheckoutRequestID: id, ResultCode: 0 });
    const items = (stk.CallbackMetadata as { Item: { Name: string; Value?: unknown }[] }).Item;
    expect(items.find((i) => i.Name === "Amount")?.Value).toBe(10);
    expect(items.find((i) => i.Name === "MpesaReceiptNumber")?.Value).toMatch(/^[A-Z0-9]{10}$/);
    expect(items.find((i) => i.Name === "PhoneNumber")?.Value).toBe(254708374149);

    const query = await client().lipaNaMpesaQuery(id);
    expect(query.data).toMatchObject({ ResultCode: "0", ResponseCode: "0", CheckoutRequestID: id });
  });

  it("validates fields as Daraja does, with its error envelope", async () => {
    // mpesa-node's default TransactionDesc ("Lipa na mpesa online") is over Daraja's 13 characters.
    const desc = await errorOf(client().lipaNaMpesaOnline("254708374149", 10, `${receiverUrl}/hooks/stk`, "SK1"));
    expect(desc).toMatchObject({
      status: 400,
      data: { errorCode: "400.002.02", errorMessage: "Bad Request - Invalid TransactionDesc" },
    });
    const phone = await errorOf(client().lipaNaMpesaOnline("0708374149", 10, `${receiverUrl}/x`, "SK1", "d"));
    expect(phone.data).toMatchObject({ errorCode: "400.002.02", errorMessage: "Bad Request - Invalid PartyA" });
    const amount = await errorOf(client().lipaNaMpesaOnline("254708374149", 10.5, `${receiverUrl}/x`, "SK1", "d"));
    expect(amount.data).toMatchObject({ errorMessage: "Bad Request - Invalid Amount" });
    const url = await errorOf(client().lipaNaMpesaOnline("254708374149", 10, `${receiverUrl}/mpesa/cb`, "SK1", "d"));
    expect(url.data).toMatchObject({ errorMessage: "Bad Request - Invalid CallBackURL" });
    const password = await errorOf(
      client({ lipaNaMpesaShortPass: "not-the-passkey" }).lipaNaMpesaOnline(
        "254708374149",
        10,
        `${receiverUrl}/x`,
        "SK1",
        "d",
      ),
    );
    expect(password).toMatchObject({
      status: 500,
      data: { errorCode: "500.001.1001", errorMessage: "Wrong credentials" },
    });
    const shortcode = await errorOf(
      client({ lipaNaMpesaShortCode: "600000" }).lipaNaMpesaOnline("254708374149", 10, `${receiverUrl}/x`, "SK1", "d"),
    );
    expect(shortcode.data).toMatchObject({ errorMessage: "Bad Request - Invalid BusinessShortCode" });
  });

  it("sends no callback for a phone ending 9999, while STK Query tells the outcome", async () => {
    const push = await client().lipaNaMpesaOnline("254711119999", 5, `${receiverUrl}/hooks/lost`, "SK2", "Order 2");
    await daraja.settle();
    expect(received.some((r) => r.path === "/hooks/lost")).toBe(false);
    const query = await client().lipaNaMpesaQuery(push.data.CheckoutRequestID as string);
    expect(query.data).toMatchObject({ ResultCode: "0" });
  });

  it("registers C2B URLs and simulates a paybill payment: validation, then confirmation", async () => {
    const reg = await client().c2bRegister(`${receiverUrl}/hooks/c2b/confirm`, `${receiverUrl}/hooks/c2b/validate`);
    expect(reg.data).toMatchObject({ ResponseCode: "0", OriginatorCoversationID: expect.any(String) });
    const sim = await client().c2bSimulate("254708374149", 100, "SK100001");
    expect(sim.data).toMatchObject({ ResponseCode: "0" });
    await daraja.settle();
    const validation = received.find((r) => r.path === "/hooks/c2b/validate")?.body as Record<string, string>;
    const confirmation = received.find((r) => r.path === "/hooks/c2b/confirm")?.body as Record<string, string>;
    expect(validation).toMatchObject({ TransAmount: "100.00", BillRefNumber: "SK100001", BusinessShortCode: "174379" });
    expect(confirmation).toMatchObject({ TransID: validation.TransID, OrgAccountBalance: expect.any(String) });
  });
});
