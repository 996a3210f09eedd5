import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type TestApp } from "../../../test/test-app.ts";
import { newId } from "../../platform/ids.ts";

let t: TestApp;
const tag = Date.now().toString(36);
const bearer = async (role: "admin" | "staff" | "customer") => ({
  authorization: `Bearer ${await t.modules.tokens.sign({ userId: newId(), role })}`,
});
beforeAll(async () => {
  t = await createTestApp();
  for (const [name, phone] of [
    ["wanjiru", "0712345678"],
    ["otieno", "0722000111"],
    ["achieng", "+254733444555"],
  ] as const) {
    await t.modules.identity.register(t.ctx, {
      username: `${name}_${tag}`,
      email: `${name}.${tag}@example.com`,
      phoneNumber: phone,
      password: "correct horse battery",
    });
  }
});
afterAll(() => t.close());

async function search(query: string, role: "admin" | "staff" = "admin") {
  const res = await t.app.inject({ method: "GET", url: `/api/admin/users${query}`, headers: await bearer(role) });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as {
    items: { username: string; email: string; phone_number: string }[];
    total: number;
    page: number;
    page_size: number;
  };
}

describe("GET /api/admin/users", () => {
  it("finds users by part of the email or username, case-insensitively", async () => {
    const byEmail = await search(`?q=OTIENO.${tag}`);
    expect(byEmail.items.map((u) => u.username)).toEqual([`otieno_${tag}`]);
    const byUsername = await search(`?q=achieng_`);
    expect(byUsername).toMatchObject({ total: 1, page: 1, page_size: 20 });
    expect(byUsername.items[0]).toMatchObject({ email: `achieng.${tag}@example.com`, phone_number: "+254733444555" });
    expect(Object.keys(byUsername.items[0] ?? {})).not.toContain("password_hash");
  });

  it("finds a phone number however it is typed", async () => {
    for (const q of ["0712345678", "254712345678", "%2B254712345678", "712345"]) {
      expect(
        (await search(`?q=${q}`)).items.map((u) => u.username),
        q,
      ).toEqual([`wanjiru_${tag}`]);
    }
  });

  it("pages through everyone, newest first, for staff too; wildcards are taken literally", async () => {
    const first = await search("?page_size=2", "staff");
    expect(first).toMatchObject({ total: 3, page_size: 2 });
    expect(first.items.map((u) => u.username)).toEqual([`achieng_${tag}`, `otieno_${tag}`]);
    const second = await search("?page=2&page_size=2");
    expect(second.items.map((u) => u.username)).toEqual([`wanjiru_${tag}`]);
    expect((await search("?q=%25")).total).toBe(0);
    expect((await search("?q=_")).total).toBe(3); // every username has an underscore
  });

  it("refuses a guest (401) and a customer (403); a bad page is a 400 problem", async () => {
    expect((await t.app.inject({ method: "GET", url: "/api/admin/users" })).statusCode).toBe(401);
    const customer = await t.app.inject({ method: "GET", url: "/api/admin/users", headers: await bearer("customer") });
    expect(customer.statusCode).toBe(403);
    expect(customer.json()).toMatchObject({ code: "FORBIDDEN" });
    const bad = await t.app.inject({ method: "GET", url: "/api/admin/users?page=0", headers: await bearer("admin") });
    expect(bad.statusCode).toBe(400);
    expect(bad.headers["content-type"]).toMatch(/problem\+json/);
    expect(bad.json().errors).toEqual([expect.objectContaining({ path: expect.stringContaining("page") })]);
  });

  it("refuses a customer in the module too", async () => {
    const customer = { ...t.ctx, actor: { kind: "user" as const, userId: newId(), role: "customer" as const } };
    await expect(t.modules.identity.listUsers(customer, { page: 1, pageSize: 5 })).rejects.toMatchObject({
      status: 403,
    });
  });
});
