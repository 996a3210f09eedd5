import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./log.ts";

describe("logger", () => {
  it("redacts passwords, hashes and tokens wherever they appear", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const log = createLogger("info", sink);
    log.info(
      {
        password: "hunter2",
        body: { password: "hunter3", refresh_token: "rt-secret" },
        user: { password_hash: "$argon2id$abc" },
        access_token: "jwt-secret",
      },
      "event",
    );
    const out = lines.join("");
    for (const secret of ["hunter2", "hunter3", "rt-secret", "$argon2id$abc", "jwt-secret"]) {
      expect(out).not.toContain(secret);
    }
    expect(out).toContain("[REDACTED]");
    expect(JSON.parse(out)).toMatchObject({ msg: "event", service: "sokoni" });
  });
});
