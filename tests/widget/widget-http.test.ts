import { randomUUID } from "node:crypto";
import { request } from "node:http";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postMessage, say, startTestApp, type TestApp } from "../helpers/test-app.js";
import { RATE_LIMITED_MESSAGE } from "../../src/http/rate-limit.js";
import { openSocket, upgradeStatus } from "./socket-client.js";

const ALLOWED = "https://www.harbor-ketamine.example";
const json = { "content-type": "application/json" };

/** GET with raw headers (fetch hides Content-Encoding and decompresses). */
function rawGet(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
    })
      .on("error", reject)
      .end();
  });
}

/** The configuration the server wrapped around the bundle. */
function injectedConfig(script: string): Record<string, unknown> {
  const match = /\}\)\((\{.*\})\);\s*$/s.exec(script);
  if (!match?.[1]) throw new Error("no injected configuration");
  return JSON.parse(match[1]) as Record<string, unknown>;
}

describe("the widget's HTTP surface", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ ALLOWED_ORIGINS: ALLOWED });
  });
  afterAll(async () => {
    await t.close();
  });

  describe("GET /widget.js", () => {
    it("serves the embedding script: it names the clinic and knows nothing of a visitor", async () => {
      const res = await rawGet(`${t.url}/widget.js`);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
      expect(res.headers["cache-control"]).toMatch(/max-age=\d+/);
      expect(res.headers["etag"]).toMatch(/^"[\w-]+"$/);
      expect(res.headers["cross-origin-resource-policy"]).toBe("cross-origin");
      expect(res.headers["x-content-type-options"]).toBe("nosniff");
      const script = res.body.toString("utf8");
      expect(injectedConfig(script)).toEqual({ clinicName: t.app.services.clinic.name });
      expect(script).toContain("/widget/frame");
      // The chat (its storage, its requests) lives in the frame, not in the host page.
      expect(script).not.toMatch(/sessionStorage|localStorage|\/api\/|WebSocket/);
      expect(script).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}/i);
    });

    it("answers 304 to a cached copy of the chat script and gzips it for browsers that accept it", async () => {
      const first = await rawGet(`${t.url}/widget/frame.js`);
      const cached = await rawGet(`${t.url}/widget/frame.js`, { "if-none-match": String(first.headers["etag"]) });
      expect(cached.status).toBe(304);
      expect(cached.body.length).toBe(0);
      const gzipped = await rawGet(`${t.url}/widget/frame.js`, { "accept-encoding": "gzip, deflate, br" });
      expect(gzipped.headers["content-encoding"]).toBe("gzip");
      expect(gzipped.headers["vary"]).toMatch(/Accept-Encoding/);
      expect(gunzipSync(gzipped.body).equals(first.body)).toBe(true);
      expect(gzipped.body.length).toBeLessThan(first.body.length / 2);
    });
  });

  describe("GET /widget/frame and /widget/frame.js", () => {
    it("serves the frame page with no inline script, framable only by the bot and ALLOWED_ORIGINS", async () => {
      const res = await fetch(`${t.url}/widget/frame?host=${encodeURIComponent(ALLOWED)}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("text/html; charset=utf-8");
      const html = await res.text();
      expect(html.match(/<script\b[^>]*>/g)).toEqual(['<script src="/widget/frame.js" defer>']);
      expect(html).toMatch(/<script src="\/widget\/frame.js" defer><\/script>/);
      const csp = res.headers.get("content-security-policy") ?? "";
      const directives = Object.fromEntries(csp.split(/;\s*/).map((d) => [d.split(" ")[0], d.split(" ").slice(1)]));
      expect(directives["frame-ancestors"]).toEqual(["'self'", ALLOWED]);
      expect(directives["script-src"]).toEqual(["'self'"]);
      expect(directives["default-src"]).toEqual(["'none'"]);
      expect(directives["connect-src"]).toEqual(["'self'", `ws://${new URL(t.url).host}`]);
    });

    it("leaves a made-up Host header out of the policy", async () => {
      const res = await rawGet(`${t.url}/widget/frame`, { host: "x; script-src *" });
      expect(res.status).toBe(200);
      expect(String(res.headers["content-security-policy"])).toContain("connect-src 'self';");
      expect(String(res.headers["content-security-policy"])).not.toContain("script-src *");
    });

    it("serves the chat with the clinic's branding injected, for the bot's own pages", async () => {
      const res = await rawGet(`${t.url}/widget/frame.js`);
      expect(res.status).toBe(200);
      expect(res.headers["content-type"]).toBe("text/javascript; charset=utf-8");
      expect(res.headers["cross-origin-resource-policy"]).toBe("same-origin");
      const script = res.body.toString("utf8");
      const clinic = t.app.services.clinic;
      expect(injectedConfig(script)).toMatchObject({
        clinicName: clinic.name,
        phone: clinic.phone,
        greeting: clinic.branding.greeting,
        logoUrl: null,
        colors: { accent: clinic.branding.color, onAccent: "#ffffff", ink: clinic.branding.color },
      });
      // No third-party requests: the only addresses in the bundle are the bot's own paths.
      expect(script).not.toMatch(/https?:\/\/(?!www\.w3\.org)[a-z0-9.-]+\.[a-z]{2,}/i);
    });
  });

  describe("GET /", () => {
    it("is a sample clinic page that embeds the widget with one script tag", async () => {
      const res = await fetch(`${t.url}/`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(t.app.services.clinic.name);
      expect(html.match(/<script\b/g)).toHaveLength(1);
      expect(html).toContain('<script src="/widget.js" async></script>');
      expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    });
  });

  describe("the Origin check", () => {
    const message = () => ({ type: "message", text: "hello", user: randomUUID() });

    it("refuses a message from another site's page with 403 and the reason, a site in ALLOWED_ORIGINS included", async () => {
      for (const origin of ["https://evil.example", ALLOWED]) {
        const res = await postMessage(t.url, message(), { ...json, origin });
        expect(res.status).toBe(403);
        expect(res.json).toEqual({ error: { code: "forbidden", message: expect.stringContaining(origin) } });
        // No CORS grant: the browser withholds even the refusal from that page.
        expect(res.headers.get("access-control-allow-origin")).toBeNull();
      }
    });

    it("accepts the bot's own pages and a request with no Origin (a server)", async () => {
      const own = await postMessage(t.url, message(), { ...json, origin: t.url });
      expect(own.status).toBe(200);
      expect(own.headers.get("vary")).toMatch(/Origin/);
      const server = await postMessage(t.url, message());
      expect(server.status).toBe(200);
      expect(server.headers.get("access-control-allow-origin")).toBeNull();
    });

    it("grants no preflight to another site", async () => {
      const res = await fetch(`${t.url}/api/history`, {
        method: "OPTIONS",
        headers: { origin: ALLOWED, "access-control-request-method": "GET", "access-control-request-headers": "x-visitor-id" },
      });
      expect(res.status).toBe(403);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-allow-headers")).toBeNull();
    });

    it("refuses a websocket upgrade from another site's page with 403, a site in ALLOWED_ORIGINS included", async () => {
      expect(await upgradeStatus(t.url, "https://evil.example")).toBe(403);
      expect(await upgradeStatus(t.url, ALLOWED)).toBe(403);
      expect(await upgradeStatus(t.url, t.url)).toBe(101);
    });

    it("refuses the history to another site's page", async () => {
      for (const origin of ["https://evil.example", ALLOWED]) {
        const res = await fetch(`${t.url}/api/history`, { headers: { origin, "x-visitor-id": randomUUID() } });
        expect(res.status).toBe(403);
      }
    });
  });

  describe("the rate limit", () => {
    // Its own app: one IP (loopback) sends every test's messages, and the IP allowance is a multiple of the visitor's.
    let limited: TestApp;
    beforeAll(async () => {
      limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: "3" });
    });
    afterAll(async () => {
      await limited.close();
    });

    it("answers 429 on the webhook with a clear message that includes the crisis line", async () => {
      const user = randomUUID();
      for (let i = 0; i < 3; i++) await say(limited.url, user, "hello");
      const res = await postMessage(limited.url, { type: "message", text: "hello", user });
      expect(res.status).toBe(429);
      expect(res.json).toEqual({ error: { code: "rate_limited", message: RATE_LIMITED_MESSAGE } });
      expect(RATE_LIMITED_MESSAGE).toMatch(/wait a minute/);
      expect(RATE_LIMITED_MESSAGE).toContain("If you are in crisis, call or text 988, or call 911.");
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    });

    it("still gives a person in crisis the crisis reply after their limit", async () => {
      const user = randomUUID();
      for (let i = 0; i < 3; i++) await say(limited.url, user, "hello");
      const replies = await say(limited.url, user, "I want to kill myself");
      expect(replies.some((r) => r.kind === "crisis")).toBe(true);
    });

    it("answers an error frame on the socket", async () => {
      const socket = await openSocket(limited.url);
      const user = randomUUID();
      for (let i = 0; i < 4; i++) socket.send({ type: "message", text: `hello ${i}`, user });
      const error = await socket.waitFor((f) => f.type === "error");
      expect(error).toMatchObject({ type: "error", error: RATE_LIMITED_MESSAGE });
      expect(error.retryAfterSeconds).toBeGreaterThanOrEqual(1);
      socket.close();
    });
  });

  describe("the conversation so far", () => {
    it("comes back over HTTP with the visitor id in a header", async () => {
      const user = randomUUID();
      await say(t.url, user, "how long does it last");
      const res = await fetch(`${t.url}/api/history`, { headers: { "x-visitor-id": user } });
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const history = (await res.json()) as { type: string; total: number; messages: { from: string; text: string }[] };
      expect(history.type).toBe("history");
      expect(history.messages[0]).toMatchObject({ from: "person", text: "how long does it last" });
      expect(history.messages.slice(1).every((m) => m.from === "bot")).toBe(true);
      expect(history.total).toBe(history.messages.length);
    });

    it("comes back over the socket, and staff replies then reach that socket", async () => {
      const user = randomUUID();
      await say(t.url, user, "what are the side effects");
      const socket = await openSocket(t.url);
      socket.send({ type: "history", user });
      const history = await socket.waitFor((f) => f.type === "history");
      expect((history.messages as { from: string }[])[0]).toMatchObject({ from: "person", text: "what are the side effects" });
      const adapter = t.app.sockets;
      expect(adapter.deliver(user, { type: "message", text: "Hi, this is Ana at the clinic.", kind: "staff" })).toBe(true);
      expect(await socket.waitFor((f) => f.kind === "staff")).toMatchObject({ text: "Hi, this is Ana at the clinic." });
      socket.close();
    });

    it("refuses a missing or non-random visitor id with 400 and a reason", async () => {
      const missing = await fetch(`${t.url}/api/history`);
      expect(missing.status).toBe(400);
      expect(((await missing.json()) as { error: { message: string } }).error.message).toMatch(/X-Visitor-Id/);
      const bad = await fetch(`${t.url}/api/history`, { headers: { "x-visitor-id": "alice" } });
      expect(bad.status).toBe(400);
      const socket = await openSocket(t.url);
      socket.send({ type: "history", user: "alice" });
      expect(await socket.waitFor((f) => f.type === "error")).toMatchObject({ error: expect.stringMatching(/visitor id/) });
      socket.close();
    });
  });
});
