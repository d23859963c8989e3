import { connect, type Socket } from "node:net";
import WebSocket from "ws";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import { parseConfig } from "../../src/config.js";
import { ConsoleClient } from "../console/console-client.js";

const available = await redisAvailable();
const STAFF = { STAFF_BOOTSTRAP_EMAIL: "ops@clinic.example", STAFF_BOOTSTRAP_PASSWORD: "a long enough password" };

/** Opens a raw TCP connection; resolves once connected, with a promise that settles when the server closes it. */
function rawConnection(port: number): Promise<{ socket: Socket; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    const closed = new Promise<void>((done) => socket.once("close", () => done()));
    socket.once("connect", () => resolve({ socket, closed }));
    socket.once("error", () => undefined);
    // Read whatever the server sends (a 408), so its closing the connection is seen.
    socket.resume();
    setTimeout(() => reject(new Error("connect timed out")), 10_000).unref();
  });
}
const settled = (p: Promise<void>, ms: number) => Promise.race([p.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

/** Whose address the bot believes: the audit log's entry for a sign-in shows it. */
async function signedInFrom(t: TestApp, forwardedFor: string): Promise<string | undefined> {
  const c = new ConsoleClient(t.url);
  c.headers["x-forwarded-for"] = forwardedFor;
  expect((await c.signIn(STAFF.STAFF_BOOTSTRAP_EMAIL, STAFF.STAFF_BOOTSTRAP_PASSWORD)).status).toBe(303);
  return (await t.app.store.audit.list({ limit: 1 }))[0]?.ip;
}

describe.skipIf(!available)("HTTP hardening (real Redis)", () => {
  const prefix = testPrefix();
  afterAll(async () => deletePrefix(prefix));
  const start = async (env: Record<string, string>) => startTestApp({ ...STAFF, ...env }, { kv: await connectTestKv(prefix) });

  describe("served over https", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await start({ PUBLIC_BASE_URL: "https://chat.clinic.example" });
    });
    afterAll(async () => t?.close());

    it("sends HSTS on every response and no-store on /api/*", async () => {
      const page = await fetch(`${t.url}/`);
      expect(page.headers.get("strict-transport-security")).toBe("max-age=31536000; includeSubDomains");
      const user = randomUUID();
      const msg = await fetch(`${t.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "message", text: "hi", user }) });
      expect(msg.status).toBe(200);
      expect(msg.headers.get("cache-control")).toBe("no-store");
      expect(msg.headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
      const history = await fetch(`${t.url}/api/history?user=${user}`);
      expect(history.headers.get("cache-control")).toBe("no-store");
    });

    it("/healthz says only whether the process and the store are alive", async () => {
      const body = (await (await fetch(`${t.url}/healthz`)).json()) as Record<string, unknown>;
      expect(Object.keys(body).sort()).toEqual(["status", "store"]);
      expect(body.status).toBe("ok");
    });
  });

  describe("served over plain http (development)", () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await start({});
    });
    afterAll(async () => t?.close());
    it("sends no HSTS (a browser would refuse http://localhost afterwards) but still no-store on /api/*", async () => {
      const res = await fetch(`${t.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "message", text: "hi", user: randomUUID() }) });
      expect(res.headers.get("strict-transport-security")).toBeNull();
      expect(res.headers.get("cache-control")).toBe("no-store");
    });

    it("one address (behind the trusted proxy) holds at most 20 chat websockets; another address is not affected", async () => {
      const open = (ip: string) =>
        new Promise<{ status: number; ws: WebSocket }>((resolve, reject) => {
          const ws = new WebSocket(`${t.url.replace(/^http/, "ws")}/ws`, { headers: { "x-forwarded-for": ip } });
          ws.once("open", () => resolve({ status: 101, ws }));
          ws.once("unexpected-response", (_req, res) => resolve({ status: res.statusCode ?? 0, ws }));
          ws.once("error", (err) => (String(err.message).includes("Unexpected server response") ? undefined : reject(err)));
        });
      const sockets: WebSocket[] = [];
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 22; i++) {
          const { status, ws } = await open("198.51.100.9");
          statuses.push(status);
          sockets.push(ws);
        }
        expect(statuses.slice(0, 20)).toEqual(Array(20).fill(101));
        expect(statuses.slice(20)).toEqual([429, 429]);
        const other = await open("198.51.100.10");
        sockets.push(other.ws);
        expect(other.status).toBe(101);
      } finally {
        for (const ws of sockets) ws.terminate();
      }
    });

    it("TRUST_PROXY=loopback (default) believes a proxy on this machine", async () => {
      expect(await signedInFrom(t, "203.0.113.77")).toBe("203.0.113.77");
    });
  });

  describe("TRUST_PROXY", () => {
    it("false: X-Forwarded-For is ignored, the socket's address is the client", async () => {
      const t = await start({ TRUST_PROXY: "false" });
      try {
        expect(await signedInFrom(t, "203.0.113.77")).toBe("127.0.0.1");
      } finally {
        await t.close();
      }
    });

    it("a hop count: with two proxies in front, the client is the address the outer proxy saw", async () => {
      const t = await start({ TRUST_PROXY: "2" });
      try {
        // forged by the client, seen by the outer proxy, seen by the inner proxy
        expect(await signedInFrom(t, "198.51.100.1, 203.0.113.5, 10.0.0.2")).toBe("203.0.113.5");
      } finally {
        await t.close();
      }
    });

    it("a proxy's CIDR range: only that proxy's header is believed", async () => {
      const t = await start({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1" });
      try {
        expect(await signedInFrom(t, "198.51.100.1, 203.0.113.6, 10.1.2.3")).toBe("203.0.113.6");
      } finally {
        await t.close();
      }
    });

    it("a value that is none of these stops start-up naming the variable", () => {
      expect(() => parseConfig({ NODE_ENV: "test", TRUST_PROXY: "my-load-balancer" })).toThrow(/TRUST_PROXY must be loopback, false, a number of proxy hops/);
    });
  });

  describe("connection caps (no trusted proxy, so loopback is a client)", () => {
    let t: TestApp;
    let port: number;
    beforeAll(async () => {
      // A short headers timeout, so the two tests that wait for it take seconds (production: 10 s).
      t = await start({ TRUST_PROXY: "false", MAX_CONNECTIONS_PER_IP: "5", HTTP_HEADERS_TIMEOUT_MS: "2000" });
      port = Number(new URL(t.url).port);
    });
    afterAll(async () => t?.close());

    it("closes connections past MAX_CONNECTIONS_PER_IP from one address at once", async () => {
      const conns = [];
      for (let i = 0; i < 8; i++) conns.push(await rawConnection(port));
      // Within a second: the cap closes at once, the headers timeout (2 s here) not yet.
      const closedSoon = await Promise.all(conns.map((c) => settled(c.closed, 1000)));
      expect(closedSoon.slice(0, 5)).toEqual([false, false, false, false, false]);
      expect(closedSoon.slice(5)).toEqual([true, true, true]);
      for (const c of conns) c.socket.destroy();
      await Promise.all(conns.map((c) => c.closed));
      // Once they are gone, the address may connect again.
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    });

    it("closes a connection that never finishes its headers (slowloris) after the headers timeout", async () => {
      const { socket, closed } = await rawConnection(port);
      socket.write("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: 1\r\n");
      const drip = setInterval(() => socket.write("X-More: 1\r\n"), 500);
      try {
        // Still open after a second of dripping headers, closed once the 2 s headers time is up.
        expect(await settled(closed, 1000)).toBe(false);
        expect(await settled(closed, 30_000)).toBe(true);
      } finally {
        clearInterval(drip);
        socket.destroy();
      }
    }, 60_000);

    it("closes an idle connection that sends nothing", async () => {
      const { closed } = await rawConnection(port);
      expect(await settled(closed, 30_000)).toBe(true);
    }, 60_000);
  });
});
