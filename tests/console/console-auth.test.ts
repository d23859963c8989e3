import { Writable } from "node:stream";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { createLogger } from "../../src/logging/logger.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { createStaffAccount } from "../../src/console/auth/staff-account-setup.js";
import { ConsoleClient } from "./console-client.js";

const STAFF = { email: "sam@clinic.example", password: "correct horse battery" };
const BOOTSTRAP = { STAFF_BOOTSTRAP_EMAIL: STAFF.email, STAFF_BOOTSTRAP_PASSWORD: STAFF.password };

/** Collects every log line the app writes. */
function logSink(): { lines: string[]; stream: Writable } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, stream };
}

describe("staff console: sign-in, sessions, CSRF and lockout", () => {
  let t: TestApp;
  const logs = logSink();
  beforeAll(async () => {
    t = await startTestApp(BOOTSTRAP, { logger: createLogger("debug", logs.stream) });
  });
  afterAll(async () => {
    await t.close();
  });

  it("redirects strangers on every console page, and reveals nothing", async () => {
    const id = randomUUID();
    const stranger = new ConsoleClient(t.url);
    for (const path of ["/staff", "/staff/", "/staff/queue?status=all", `/staff/handoffs/${id}`, `/staff/handoffs/${id}/transcript.json`, "/staff/audit", "/staff/bookings", "/staff/no-such-page"]) {
      const res = await stranger.get(path);
      expect(res.status, path).toBe(303);
      expect(res.location, path).toBe(`/staff/login?next=${encodeURIComponent(path)}`);
      expect(res.body).toMatch(/^See Other\. Redirecting to \/staff\/login\S*$/);
    }
    for (const path of [`/staff/handoffs/${id}/claim`, `/staff/handoffs/${id}/reply`, "/staff/logout"]) {
      const res = await stranger.post(path, { text: "hi" });
      expect(res.status, path).toBe(303);
      expect(res.location).toBe("/staff/login");
    }
  });

  it("serves a sign-in form with email, password and a CSRF token, with strict headers", async () => {
    const res = await fetch(`${t.url}/staff/login`);
    const body = await res.text();
    expect(res.status).toBe(200);
    expect(body).toMatch(/<input[^>]+name="email"[^>]+type="email"/);
    expect(body).toMatch(/<input[^>]+name="password"[^>]+type="password"/);
    expect(body).toMatch(/<input type="hidden" name="_csrf" value="[\w-]{43}">/);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("kcb_staff_login="));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\/staff/);
    expect(cookie).not.toMatch(/Secure/);
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
    expect(res.headers.get("cache-control")).toBe("no-store");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("signs in with the bootstrap account, in a fresh HttpOnly session, and audits it", async () => {
    const client = new ConsoleClient(t.url);
    const wrong = await client.signIn(STAFF.email, "not the password");
    expect(wrong.status).toBe(401);
    expect(wrong.body).toContain("The email address, password or authenticator code is not right.");
    const res = await client.signIn("Sam@Clinic.example", STAFF.password);
    expect(res.status).toBe(303);
    expect(res.location).toBe("/staff/queue");
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith("kcb_staff="));
    expect(cookie).toMatch(/^kcb_staff=[\w-]{43}; Path=\/staff; HttpOnly; SameSite=Lax$/);
    const queue = await client.get("/staff/queue");
    expect(queue.status).toBe(200);
    expect(queue.body).toContain("Signed in as sam@clinic.example");
    expect(queue.body).toContain("Handoff queue");
    expect((await client.get("/staff")).location).toBe("/staff/queue");
    expect((await client.get("/staff/login")).location).toBe("/staff/queue");
    const audit = await t.app.store.audit.list();
    expect(audit.some((e) => e.action === "sign-in" && e.staff === STAFF.email)).toBe(true);
  });

  it("goes back to the page a stranger asked for, but never off the console", async () => {
    const client = new ConsoleClient(t.url);
    const res = await client.signIn(STAFF.email, STAFF.password, "/staff/audit");
    expect(res.location).toBe("/staff/audit");
    for (const next of ["https://evil.example/", "//evil.example/staff", "/staff/../api", "/staff\\evil"]) {
      const other = new ConsoleClient(t.url);
      const r = await other.signIn(STAFF.email, STAFF.password, next);
      expect(r.location, next).toBe("/staff/queue");
    }
  });

  it("rejects a sign-in without the form's CSRF token", async () => {
    const client = new ConsoleClient(t.url);
    await client.get("/staff/login");
    const missing = await client.post("/staff/login", { email: STAFF.email, password: STAFF.password, _csrf: null });
    expect(missing.status).toBe(403);
    const forged = await client.post("/staff/login", { email: STAFF.email, password: STAFF.password, _csrf: "A".repeat(43) });
    expect(forged.status).toBe(403);
    client.cookies.delete("kcb_staff_login");
    const noCookie = await client.post("/staff/login", { email: STAFF.email, password: STAFF.password });
    expect(noCookie.status).toBe(403);
    expect(client.cookies.has("kcb_staff")).toBe(false);
  });

  it("rejects every change without the session's CSRF token (403) and changes nothing", async () => {
    const handoff = await t.app.services.handoffs.open({ conversationId: `web:${randomUUID()}`, channel: "web", reason: "asked-for-person" });
    const client = new ConsoleClient(t.url);
    await client.signIn(STAFF.email, STAFF.password);
    const base = `/staff/handoffs/${handoff.id}`;
    for (const [path, form] of [
      [`${base}/claim`, {}],
      [`${base}/reply`, { text: "hello" }],
      [`${base}/resolve`, { note: "done" }],
      [`${base}/keep`, { kept: "1" }],
      ["/staff/logout", {}],
    ] as const) {
      for (const token of [null, "A".repeat(43), ""]) {
        const res = await client.post(path, { ...form, _csrf: token });
        expect(res.status, `${path} with ${String(token)}`).toBe(403);
        expect(res.body).toContain("security token");
      }
    }
    expect(await t.app.store.handoffs.get(handoff.id)).toMatchObject({ status: "open" });
    expect((await t.app.store.handoffs.get(handoff.id))?.kept).toBeUndefined();
    expect((await client.get("/staff/queue")).status).toBe(200);
    // A token from another staff member's session is no good either.
    const other = new ConsoleClient(t.url);
    await other.signIn(STAFF.email, STAFF.password);
    const res = await client.post(`${base}/claim`, { _csrf: other.csrf ?? "" });
    expect(res.status).toBe(403);
  });

  it("delays an account after three failed sign-ins from one network, never the right password from another", async () => {
    await createStaffAccount(t.app.store.staff, "lock@clinic.example", "the right password", new Date());
    await createStaffAccount(t.app.store.staff, "free@clinic.example", "another password", new Date());
    const client = new ConsoleClient(t.url);
    client.headers["x-forwarded-for"] = "198.51.100.7";
    for (let i = 0; i < 3; i++) expect((await client.signIn("lock@clinic.example", `wrong ${i}`)).status).toBe(401);
    const fourth = await client.signIn("lock@clinic.example", "wrong 4");
    expect(fourth.status).toBe(429);
    expect(fourth.body).toContain("Too many failed sign-ins from this network. Try again in 30 seconds");
    const right = await client.signIn("lock@clinic.example", "the right password");
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(20);
    expect(client.cookies.has("kcb_staff")).toBe(false);
    // The owner, on another network, signs in at once.
    const owner = new ConsoleClient(t.url);
    owner.headers["x-forwarded-for"] = "203.0.113.9";
    expect((await owner.signIn("lock@clinic.example", "the right password")).status).toBe(303);
    // Unknown emails are delayed the same way, so the delay does not reveal which accounts exist.
    for (let i = 0; i < 3; i++) expect((await client.signIn("ghost@clinic.example", "whatever")).status).toBe(401);
    expect((await client.signIn("ghost@clinic.example", "whatever")).status).toBe(429);
    expect((await new ConsoleClient(t.url).signIn("free@clinic.example", "another password")).status).toBe(303);
  }, 60_000);

  it("signs out: the cookie is cleared and the old session is worthless", async () => {
    const client = new ConsoleClient(t.url);
    await client.signIn(STAFF.email, STAFF.password);
    const token = client.cookies.get("kcb_staff") ?? "";
    await client.get("/staff/queue");
    const out = await client.post("/staff/logout");
    expect(out.status).toBe(303);
    expect(out.location).toBe("/staff/login?signedOut=1");
    expect(client.cookies.has("kcb_staff")).toBe(false);
    client.cookies.set("kcb_staff", token);
    const again = await client.get("/staff/queue");
    expect(again.location).toBe("/staff/login?next=%2Fstaff%2Fqueue&ended=1");
    expect((await client.get(again.location ?? "")).body).toContain("Your session ended");
  });

  it("never logs the bootstrap password or message text", () => {
    const all = logs.lines.join("");
    expect(all).toContain("first staff account created");
    expect(all).not.toContain(STAFF.password);
    expect(all).not.toContain("sam@clinic.example");
  });
});

describe("staff console: deployment settings", () => {
  it("marks cookies Secure and __Host- prefixed (Path=/) when served over https, and signs in with them", async () => {
    const t = await startTestApp({ PUBLIC_BASE_URL: "https://bot.example", ...BOOTSTRAP });
    try {
      const res = await fetch(`${t.url}/staff/login`);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith("__Host-kcb_staff_login="));
      expect(cookie).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      const client = new ConsoleClient(t.url);
      const signed = await client.signIn(STAFF.email, STAFF.password);
      expect(signed.status).toBe(303);
      expect(signed.headers.getSetCookie().find((c) => c.startsWith("__Host-kcb_staff="))).toMatch(/; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      expect((await client.get("/staff/queue")).status).toBe(200);
    } finally {
      await t.close();
    }
  });

  it("creates the bootstrap account only on a fresh install", async () => {
    const kv = new MemoryKv();
    const first = await startTestApp(BOOTSTRAP, { kv });
    expect(await first.app.store.staff.emails()).toEqual([STAFF.email]);
    const second = await startTestApp({ STAFF_BOOTSTRAP_EMAIL: "new@clinic.example", STAFF_BOOTSTRAP_PASSWORD: "another long password" }, { kv });
    try {
      expect(await second.app.store.staff.emails()).toEqual([STAFF.email]);
    } finally {
      await second.close();
      await first.close();
    }
  });
});
