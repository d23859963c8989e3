import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import type { Kv } from "../../src/state/kv.js";
import { toGsm7 } from "../../src/channels/sms/to-gsm7.js";
import { fillClinic } from "../../src/pipeline/say.js";
import { inboundForm, newPhone, postSigned, smsEnv, text, twimlMessages } from "./helpers/twilio-webhook.js";

/** A memory store that can be switched off: every call then fails, as a dead Redis does. */
function switchableKv(): { kv: Kv; setDown(down: boolean): void } {
  const real = new MemoryKv();
  let down = false;
  const kv = new Proxy(real, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver) as unknown;
      if (typeof value !== "function" || prop === "close") return value;
      return (...args: unknown[]) => (down ? Promise.reject(new Error("store unreachable")) : (value as (...a: unknown[]) => unknown).apply(target, args));
    },
  });
  return { kv, setDown: (d) => (down = d) };
}

describe("SMS channel with the store down", () => {
  const store = switchableKv();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(smsEnv(), { kv: store.kv });
    store.setDown(true);
  });
  afterAll(async () => {
    store.setDown(false);
    await t.close();
  });

  it("answers with a short apology that gives the clinic's phone number", async () => {
    const replies = await text(t.url, newPhone(), "what are the side effects");
    expect(replies).toEqual([toGsm7(fillClinic(t.app.services.wording.en.tryAgainLater.sms, t.app.services.clinic))]);
    expect(replies[0]).toContain(t.app.services.clinic.phone);
  });

  it("still sends the crisis reply", async () => {
    const replies = await text(t.url, newPhone(), "I want to kill myself");
    expect(replies.join(" ")).toMatch(/988/);
  });

  for (const keyword of ["STOP", "START"]) {
    it(`still sends no reply to ${keyword}`, async () => {
      const res = await postSigned(t.url, "/twilio/sms", inboundForm(newPhone(), keyword));
      expect(res.status).toBe(200);
      expect(twimlMessages(res.body)).toEqual([]);
    });
  }
});

describe("SMS channel without TWILIO_AUTH_TOKEN", () => {
  it("accepts no webhook and says why", async () => {
    const t = await startTestApp();
    try {
      const res = await postSigned(t.url, "/twilio/sms", inboundForm(newPhone(), "hi"));
      expect(res.status).toBe(503);
      expect(JSON.parse(res.body).error.message).toMatch(/TWILIO_AUTH_TOKEN/);
      expect(await t.app.sms.send(newPhone(), "Your free consultation call is tomorrow.", "reminder")).toEqual({ kind: "disabled" });
    } finally {
      await t.close();
    }
  });
});
