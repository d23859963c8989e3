import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import type { RedisKv } from "../../src/state/redis/redis-kv.js";
import { createStaffAccount, resetStaffPassword } from "../../src/console/auth/staff-account-setup.js";
import { currentTotpCode, newTotpSecret } from "../../src/console/auth/totp.js";
import { signCsrfToken } from "../../src/console/auth/csrf.js";
import { keys } from "../../src/state/keys.js";
import { ConsoleClient } from "./console-client.js";

const available = await redisAvailable();
const ADMIN = { email: "admin@clinic.example", password: "correct horse battery" };

/** A console client coming from one network (the test app trusts the loopback proxy's X-Forwarded-For). */
function from(url: string, ip: string): ConsoleClient {
  const c = new ConsoleClient(url);
  c.headers["x-forwarded-for"] = ip;
  return c;
}

describe.skipIf(!available)("staff console hardening (real Redis)", () => {
  let t: TestApp;
  let kv: RedisKv;
  const prefix = testPrefix();
  beforeAll(async () => {
    kv = await connectTestKv(prefix);
    t = await startTestApp({ STAFF_BOOTSTRAP_EMAIL: ADMIN.email, STAFF_BOOTSTRAP_PASSWORD: ADMIN.password }, { kv });
  });
  afterAll(async () => {
    await t?.close();
    await deletePrefix(prefix);
  });
  const account = async (email: string, extra: Parameters<typeof createStaffAccount>[4] = {}) => {
    await createStaffAccount(t.app.store.staff, email, "the right password", new Date(), extra);
  };

  it("a stranger's wrong passwords never lock the owner out from another network; the delays grow; all of it is audited", async () => {
    await account("nurse@clinic.example");
    const attacker = from(t.url, "198.51.100.23");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await attacker.signIn("nurse@clinic.example", `guess ${i}`)).status);
    expect(statuses).toEqual([401, 401, 401, 429, 429]);
    const owner = from(t.url, "203.0.113.50");
    expect((await owner.signIn("nurse@clinic.example", "the right password")).status).toBe(303);
    expect((await owner.get("/staff/queue")).status).toBe(200);

    const audit = (await t.app.store.audit.list({ limit: 50 })).filter((e) => e.staff === "nurse@clinic.example");
    const actions = audit.map((e) => e.action);
    expect(actions.filter((a) => a === "sign-in-failed")).toHaveLength(4);
    expect(actions).toContain("sign-in-delayed");
    expect(actions).toContain("sign-in-refused");
    expect(actions[0]).toBe("sign-in");
    expect(audit.find((e) => e.action === "sign-in-delayed")).toMatchObject({ ip: "198.51.100.23", detail: "account delay 30s from 198.51.100.23" });
    // A failed sign-in with an email that has no account is audited by a hash, not the typed text.
    await from(t.url, "192.0.2.1").signIn("my secret password typed as email", "x");
    const ghost = (await t.app.store.audit.list({ limit: 5 })).find((e) => e.action === "sign-in-failed");
    expect(ghost?.staff).toMatch(/^unknown account #[0-9a-f]{12}$/);
  }, 60_000);

  it("counts every address of one IPv6 /64 as one network", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const c = from(t.url, `2001:db8:aa:bb:${(i + 1).toString(16)}::${i + 7}`);
      statuses.push((await c.signIn(`user${i}@clinic.example`, "wrong")).status);
    }
    // Twenty failures from one /64 (each from another address and for another account) close it.
    expect(statuses.slice(0, 19)).toEqual(Array(19).fill(401));
    expect(statuses.slice(19)).toEqual([429, 429]);
    // The next /64 is another network.
    expect((await from(t.url, "2001:db8:aa:bc::1").signIn("user0@clinic.example", "wrong")).status).toBe(401);
  }, 60_000);

  it("a password reset ends the account's sessions; a disabled account is signed out and cannot sign in", async () => {
    await account("reset@clinic.example");
    const c = from(t.url, "192.0.2.10");
    expect((await c.signIn("reset@clinic.example", "the right password")).status).toBe(303);
    expect((await c.get("/staff/queue")).status).toBe(200);
    await resetStaffPassword(t.app.store.staff, "reset@clinic.example", "a brand new password", new Date(Date.now() + 5));
    const after = await c.get("/staff/queue");
    expect(after.status).toBe(303);
    expect(after.location).toContain("ended=1");
    expect((await c.signIn("reset@clinic.example", "a brand new password")).status).toBe(303);
    expect((await c.get("/staff/queue")).status).toBe(200);

    await t.app.store.staff.setDisabled("reset@clinic.example", true, new Date(Date.now() + 5));
    expect((await c.get("/staff/queue")).location).toContain("ended=1");
    const refused = await c.signIn("reset@clinic.example", "a brand new password");
    expect(refused.status).toBe(403);
    expect(refused.body).toContain("This account is disabled");
    await t.app.store.staff.setDisabled("reset@clinic.example", false, new Date());
    expect((await c.signIn("reset@clinic.example", "a brand new password")).status).toBe(303);
  }, 60_000);

  it("asks an enrolled account for its authenticator code", async () => {
    const secret = newTotpSecret();
    await account("totp@clinic.example", { totpSecret: secret });
    const c = from(t.url, "192.0.2.20");
    expect((await c.signIn("totp@clinic.example", "the right password")).status).toBe(401);
    expect((await c.signIn("totp@clinic.example", "the right password", undefined, "000000")).status).toBe(401);
    const ok = await c.signIn("totp@clinic.example", "the right password", undefined, currentTotpCode(secret));
    expect(ok.status).toBe(303);
    expect((await t.app.store.audit.list({ limit: 1 }))[0]).toMatchObject({ action: "sign-in", staff: "totp@clinic.example", detail: "with authenticator code" });
  }, 60_000);

  it("refuses a sign-in whose CSRF cookie was not signed by this deployment", async () => {
    const c = from(t.url, "192.0.2.30");
    await c.get("/staff/login");
    // An attacker who can plant a cookie (a sibling subdomain) sets the same token in cookie and form.
    c.cookies.set("kcb_staff_login", "A".repeat(43));
    expect((await c.post("/staff/login", { email: ADMIN.email, password: ADMIN.password, _csrf: "A".repeat(43) })).status).toBe(403);
    c.cookies.set("kcb_staff_login", signCsrfToken("A".repeat(43), Buffer.alloc(32, 1)));
    expect((await c.post("/staff/login", { email: ADMIN.email, password: ADMIN.password, _csrf: "A".repeat(43) })).status).toBe(403);
  });

  it("only an admin exports the audit log, as CSV with no phone number or visitor id in it; the export is audited", async () => {
    const visitor = randomUUID();
    const handoff = await t.app.services.handoffs.open({ conversationId: "sms:+15550104477", channel: "sms", reason: "asked-for-person" });
    await account("plain@clinic.example");
    const plain = from(t.url, "192.0.2.40");
    await plain.signIn("plain@clinic.example", "the right password");
    await plain.get(`/staff/handoffs/${handoff.id}`);
    await t.app.store.audit.append({ at: new Date().toISOString(), staff: "plain@clinic.example", action: "view-transcript", conversationId: `web:${visitor}` });
    const denied = await plain.get("/staff/audit.csv");
    expect(denied.status).toBe(403);
    expect(denied.body).toContain("needs the admin role");

    const admin = from(t.url, "192.0.2.41");
    expect((await admin.signIn(ADMIN.email, ADMIN.password)).status).toBe(303);
    const csv = await admin.get("/staff/audit.csv");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="audit-log-\d{4}-\d{2}-\d{2}\.csv"$/);
    const lines = csv.body.trim().split("\r\n");
    expect(lines[0]).toBe("at,staff,action,person,conversation,handoff,ip,subject,detail");
    expect(csv.body).toContain("view-transcript");
    expect(csv.body).toContain("(***) ***-4477");
    expect(csv.body).not.toMatch(/5550104477|15550104477/);
    expect(csv.body).not.toContain(visitor);
    expect(csv.body).toContain("account-created");
    // The store itself holds no phone number or visitor id in the audit entries either.
    const day = new Date().toISOString().slice(0, 10);
    const raw = (await kv.listRange(keys.auditDay(day), 0, -1)).join("\n");
    expect(raw).not.toMatch(/5550104477/);
    expect(raw).not.toContain(visitor);
    // ...but a conversation's entries are still found by its id (hashed the same way).
    expect((await t.app.store.audit.list({ conversationId: "sms:+15550104477" })).map((e) => e.action)).toContain("view-transcript");
    expect((await t.app.store.audit.list({ limit: 1 }))[0]).toMatchObject({ action: "audit-export", staff: ADMIN.email });
  }, 60_000);

  it("keeps audit entries by age (AUDIT_RETENTION_DAYS), never trimming by count", async () => {
    const before = (await t.app.store.audit.list({ limit: 100_000 })).length;
    const at = new Date().toISOString();
    for (let i = 0; i < 20; i++) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => t.app.store.audit.append({ at, staff: "bulk@clinic.example", action: "view-transcript", handoffId: `h${i * 100 + j}` })));
    }
    expect((await t.app.store.audit.list({ limit: 100_000 })).length).toBe(before + 2000);
    const ttl = await kv.pttl(keys.auditDay(at.slice(0, 10)));
    const sixYears = 2190 * 24 * 3600 * 1000;
    expect(ttl).toBeGreaterThan(sixYears);
    expect(ttl).toBeLessThanOrEqual(sixYears + 24 * 3600 * 1000);
  }, 60_000);
});
