import { createServer, type IncomingMessage, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type MockGateway, signPayload, startMockGateway } from "./index.ts";

const SECRET = "sandbox-test-secret-0123456789";

type Received = { body: string; signature: string | undefined };

/** A merchant endpoint on 127.0.0.1 that answers with the statuses it is given, then 200. */
async function startReceiver(statuses: number[]): Promise<{ url: string; received: Received[]; server: Server }> {
  const received: Received[] = [];
  const server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    received.push({ body: Buffer.concat(chunks).toString("utf8"), signature: req.headers["x-signature"] as string });
    res.statusCode = statuses.shift() ?? 200;
    res.end("{}");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return { url: `http://127.0.0.1:${port}/webhook`, received, server };
}

let gw: MockGateway;
beforeAll(async () => {
  gw = await startMockGateway({ secret: SECRET, retryDelaysMs: [20, 40, 80] });
});
afterAll(() => gw.close());

const auth = { authorization: `Bearer ${SECRET}`, "content-type": "application/json" };

async function openSession(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${gw.url}/v1/sessions`, { method: "POST", headers: auth, body: JSON.stringify(body) });
}

function confirm(id: string, action: string): Promise<Response> {
  return fetch(`${gw.url}/pay/${id}/confirm`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: `action=${action}`,
    redirect: "manual",
  });
}

async function until(check: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("mock gateway simulator", () => {
  it("refuses session calls without the secret", async () => {
    const res = await fetch(`${gw.url}/v1/sessions`, {
      method: "POST",
      headers: { authorization: "Bearer nope", "content-type": "application/json" },
      body: "{}",
    });
    expect(res.status).toBe(401);
    expect((await fetch(`${gw.url}/v1/sessions/ms_x`)).status).toBe(401);
  });

  it("opens one session per payment_id and refuses the id for another amount", async () => {
    const body = { payment_id: "p-1", amount: "10.00", currency: "KES", callback_url: "http://127.0.0.1:1/x" };
    const first = await openSession(body);
    expect(first.status).toBe(201);
    const s = await first.json();
    expect(s).toMatchObject({ status: "open", redirect_url: `${gw.url}/pay/${s.id}` });
    const again = await openSession(body);
    expect((await again.json()).id).toBe(s.id);
    expect((await openSession({ ...body, amount: "11.00" })).status).toBe(409);
    expect((await openSession({ ...body, payment_id: "p-2", currency: "kes" })).status).toBe(400);
  });

  it("retries a refused webhook with backoff, signing the exact body, and decides only once", async () => {
    const receiver = await startReceiver([500, 503]);
    try {
      const s = await (
        await openSession({ payment_id: "p-3", amount: "99.50", currency: "KES", callback_url: receiver.url })
      ).json();
      const res = await confirm(s.id, "decline");
      expect(await res.text()).toContain("Payment declined");
      await until(() => receiver.received.length === 3);
      const bodies = new Set(receiver.received.map((r) => r.body));
      expect(bodies.size).toBe(1);
      const [body] = bodies;
      expect(JSON.parse(body ?? "")).toEqual({ payment_id: "p-3", status: "failed", amount: "99.50", currency: "KES" });
      for (const r of receiver.received) expect(r.signature).toBe(signPayload(body ?? "", SECRET));
      const status = await (await fetch(`${gw.url}/v1/sessions/${s.id}`, { headers: auth })).json();
      expect(status).toMatchObject({ status: "declined", webhook: { attempts: 3, delivered: true, last_status: 200 } });
      // Pressing Pay afterwards neither changes the outcome nor calls again.
      expect(await (await confirm(s.id, "pay")).text()).toContain("Payment declined");
      await new Promise((r) => setTimeout(r, 100));
      expect(receiver.received).toHaveLength(3);
    } finally {
      receiver.server.close();
    }
  });

  it("shows the pay page and redirects to return_url after paying", async () => {
    const receiver = await startReceiver([]);
    try {
      const s = await (
        await openSession({
          payment_id: "p-4",
          amount: "5.00",
          currency: "KES",
          callback_url: receiver.url,
          return_url: "http://shop.example/orders/1?x=1",
        })
      ).json();
      const page = await (await fetch(s.redirect_url)).text();
      expect(page).toContain("KES 5.00");
      expect(page).toContain(`action="/pay/${s.id}/confirm"`);
      const res = await confirm(s.id, "pay");
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("http://shop.example/orders/1?x=1&payment_id=p-4&status=succeeded");
      expect(receiver.received).toHaveLength(1);
      expect((await fetch(`${gw.url}/pay/nope`)).status).toBe(404);
    } finally {
      receiver.server.close();
    }
  });
});
