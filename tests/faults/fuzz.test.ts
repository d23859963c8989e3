import { randomUUID } from "node:crypto";
import fc from "fast-check";
import twilio from "twilio";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { say, startTestApp, type TestApp } from "../helpers/test-app.js";
import { inboundForm, smsEnv, TEST_AUTH_TOKEN, TEST_PUBLIC_BASE_URL } from "../sms/helpers/twilio-webhook.js";

const PATHS = ["/", "/healthz", "/widget.js", "/widget/frame", "/widget/frame.js", "/widget/frame?host=%ff", "/api/messages", "/api/history", "/twilio/sms", "/twilio/status", "/staff", "/staff/login", "/ws", "/nope", "/api/messages/../healthz", "/%ff", "/staff/handoffs/x"];
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"];
const CONTENT_TYPES = [undefined, "application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", "application/json; charset=latin1", "application/xml"];

/** Bodies that are almost right, plainly wrong, or huge. */
const body = fc.oneof(
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.json({ maxDepth: 3 }),
  fc.record({ type: fc.constantFrom("message", "event", 1), text: fc.oneof(fc.string({ unit: "binary", maxLength: 2100 }), fc.integer(), fc.constant(null)), user: fc.oneof(fc.uuid(), fc.string(), fc.constant(randomUUID())) }).map((o) => JSON.stringify(o)),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.string({ unit: "binary", maxLength: 80 })).map((d) => new URLSearchParams(d).toString()),
  fc.constantFrom("{", "[]", "null", '{"type":"message","text":"hi","user":', "a=1&&&=%zz", "x".repeat(200_000)),
);

describe("any request to any endpoint", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: "1000000", ...smsEnv() });
  });
  afterAll(async () => {
    await t.close();
  });

  it("never gets a 5xx, never crashes the server, never corrupts a conversation", async () => {
    const user = randomUUID();
    await say(t.url, user, "what are the side effects");

    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...PATHS), fc.constantFrom(...METHODS), fc.constantFrom(...CONTENT_TYPES), body, async (path, method, contentType, payload) => {
        const hasBody = method !== "GET" && method !== "HEAD";
        const res = await fetch(`${t.url}${path}`, {
          method,
          headers: contentType ? { "content-type": contentType } : {},
          ...(hasBody ? { body: payload } : {}),
          redirect: "manual",
        });
        await res.arrayBuffer();
        expect(res.status, `${method} ${path} (${contentType}) answered ${res.status}`).toBeLessThan(500);
      }),
      { numRuns: 400 },
    );

    // Valid visitors and signed texts with random unicode go through the whole pipeline without a 5xx.
    await fc.assert(
      fc.asyncProperty(fc.string({ unit: "grapheme", minLength: 1, maxLength: 400 }), async (text) => {
        const res = await fetch(`${t.url}/api/messages`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ type: "message", text, user: randomUUID() }),
        });
        await res.arrayBuffer();
        expect(res.status).toBeLessThan(500);
        const form = inboundForm(`+1555${String(1_000_000 + Math.floor(Math.random() * 8_999_999))}`, text);
        const signature = twilio.getExpectedTwilioSignature(TEST_AUTH_TOKEN, `${TEST_PUBLIC_BASE_URL}/twilio/sms`, form);
        const sms = await fetch(`${t.url}/twilio/sms`, {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
          body: new URLSearchParams(form).toString(),
        });
        await sms.arrayBuffer();
        expect(sms.status).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );

    // Still healthy, and the conversation from before picks up where it was.
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    const followUp = await say(t.url, user, "how long do they last?");
    expect(followUp.some((r) => r.intent === "disclosure")).toBe(false);
    // "they" is the side effects just answered: the bot knows it said that already and says so.
    expect(followUp.some((r) => r.intent === "repeat" && /side effects/.test(r.text))).toBe(true);
  }, 120_000);

  it("survives random websocket frames, closes the socket that keeps sending them, and still answers a valid one", async () => {
    const open = async () => {
      const ws = new WebSocket(`${t.url.replace("http", "ws")}/ws`);
      const frames: { type: string; faq?: string }[] = [];
      ws.on("message", (data) => frames.push(JSON.parse(String(data))));
      await new Promise((resolve, reject) => {
        ws.once("open", resolve);
        ws.once("error", reject);
      });
      return { ws, frames };
    };
    const junky = await open();
    const closed = new Promise<number>((resolve) => junky.ws.once("close", (code) => resolve(code)));
    const junk = fc.sample(fc.oneof(fc.string({ unit: "binary", maxLength: 500 }), fc.json({ maxDepth: 3 }), fc.uint8Array({ maxLength: 200 })), 200);
    for (const frame of junk) if (junky.ws.readyState === junky.ws.OPEN) junky.ws.send(frame);
    // Fifty refused frames are not a person typing: the socket is closed as a policy violation.
    expect(await closed).toBe(1008);

    const { ws, frames } = await open();
    ws.send(JSON.stringify({ type: "message", text: "how long does a session take", user: randomUUID() }));
    const deadline = Date.now() + 10_000;
    while (!frames.some((f) => f.faq) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    ws.close();
    expect(frames.some((f) => f.faq)).toBe(true);
    expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
  }, 30_000);
});
