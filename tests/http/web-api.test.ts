import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import WebSocket from "ws";
import { postMessage, say, startTestApp, type TestApp } from "../helpers/test-app.js";

describe("web channel: POST /api/messages and the websocket", () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it("answers a message with a JSON array of bot messages, disclosure first", async () => {
    const replies = await say(t.url, randomUUID(), "how long do the effects last?");
    expect(replies.length).toBeGreaterThanOrEqual(2);
    for (const r of replies) expect(r).toMatchObject({ type: "message", text: expect.any(String) });
    expect(replies[0]?.intent).toBe("disclosure");
    expect(replies[0]?.text).toMatch(/automated/i);
    expect(replies[0]?.text).toMatch(/911|988/);
    const answer = replies.find((r) => r.faq);
    expect(answer).toMatchObject({ intent: "faq", faq: "effects-duration" });
  });

  it("sends chat replies without an ETag (they are no-store); the console's static files keep one and answer 304 when unchanged", async () => {
    const res = await fetch(`${t.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "message", text: "hello", user: randomUUID() }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("etag")).toBeNull();
    expect(res.headers.get("cache-control")).toBe("no-store");
    const css = await fetch(`${t.url}/staff/console.css`);
    const tag = css.headers.get("etag");
    expect(tag).toMatch(/^"[\w-]{27}"$/);
    // fetch adds "cache-control: no-cache" to a conditional request unless one is given (a reload is never fresh).
    const again = await fetch(`${t.url}/staff/console.css`, { headers: { "if-none-match": tag!, "cache-control": "max-age=0" } });
    expect(again.status).toBe(304);
  });

  it("sends the disclosure only once per conversation", async () => {
    const user = randomUUID();
    await say(t.url, user, "hello");
    const second = await say(t.url, user, "how many treatments would i need");
    expect(second.some((r) => r.intent === "disclosure")).toBe(false);
  });

  const bad: [string, unknown, number, RegExp][] = [
    ["a user id that is not a UUID", { type: "message", text: "hi", user: "alice" }, 400, /user must be a random visitor id/],
    ["a missing user id", { type: "message", text: "hi" }, 400, /user/],
    ["a non-random (v1) UUID", { type: "message", text: "hi", user: "6ba7b810-9dad-11d1-80b4-00c04fd430c8" }, 400, /v4 UUID/],
    ["empty text", { type: "message", text: "   ", user: randomUUID() }, 400, /text must not be empty/],
    ["missing text", { type: "message", user: randomUUID() }, 400, /text/],
    ["text over 2,000 characters", { type: "message", text: "a".repeat(2001), user: randomUUID() }, 400, /at most 2000/],
    ["a wrong type", { type: "event", text: "hi", user: randomUUID() }, 400, /type must be "message"/],
    ["an array body", [1, 2], 400, /.+/],
  ];
  for (const [name, body, status, reason] of bad) {
    it(`rejects ${name} with ${status} and a reason`, async () => {
      const res = await postMessage(t.url, body);
      expect(res.status).toBe(status);
      expect((res.json as { error: { message: string } }).error.message).toMatch(reason);
    });
  }

  it("rejects malformed JSON with 400", async () => {
    const res = await postMessage(t.url, '{"type":"message","text":"hi",');
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error: { code: "bad_request", message: "Body is not valid JSON" } });
  });

  it("rejects a wrong content type with 415", async () => {
    const res = await postMessage(t.url, "text=hi", { "content-type": "application/x-www-form-urlencoded" });
    expect(res.status).toBe(415);
    expect((res.json as { error: { message: string } }).error.message).toMatch(/application\/json/);
  });

  it("rejects a huge body with 413 and other methods with 405", async () => {
    const huge = await postMessage(t.url, JSON.stringify({ type: "message", text: "a".repeat(40_000), user: randomUUID() }));
    expect(huge.status).toBe(413);
    const get = await fetch(`${t.url}/api/messages`);
    expect(get.status).toBe(405);
  });

  it("stays healthy after bad requests", async () => {
    const res = await fetch(`${t.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", store: { kind: "memory", reachable: true } });
  });

  it("serves the sample clinic page at /", async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/html/);
    expect(await res.text()).toContain(t.app.services.clinic.name);
  });

  it("records both sides of each turn in the transcript with times and channel", async () => {
    const user = randomUUID();
    await say(t.url, user, "what are the side effects");
    const lines = await t.app.store.transcripts.list(`web:${user}`);
    expect(lines[0]).toMatchObject({ from: "person", channel: "web", text: "what are the side effects", intent: "faq", faqId: "side-effects" });
    expect(lines.slice(1).every((l) => l.from === "bot" && l.channel === "web" && !Number.isNaN(Date.parse(l.at)))).toBe(true);
  });

  it("talks over the websocket and answers bad frames with an error frame", async () => {
    const ws = new WebSocket(`${t.url.replace("http", "ws")}/ws`);
    const frames: { type: string; text?: string; error?: string; faq?: string }[] = [];
    ws.on("message", (data) => frames.push(JSON.parse(String(data))));
    await new Promise((resolve, reject) => {
      ws.once("open", resolve);
      ws.once("error", reject);
    });
    ws.send("not json");
    ws.send(JSON.stringify({ type: "message", text: "hi", user: "bob" }));
    ws.send(JSON.stringify({ type: "message", text: "what are the side effects", user: randomUUID() }));
    const deadline = Date.now() + 5000;
    while (!frames.some((f) => f.faq === "side-effects") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    ws.close();
    expect(frames.filter((f) => f.type === "error").map((f) => f.error)).toEqual(["message must be JSON", expect.stringMatching(/visitor id/)]);
    expect(frames.some((f) => f.faq === "side-effects")).toBe(true);
  });
});
