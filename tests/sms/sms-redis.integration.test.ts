import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestApp, type TestApp } from "../helpers/test-app.js";
import { TEST_REDIS_URL, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import { OptOutRepo } from "../../src/state/opt-outs.js";
import { keys } from "../../src/state/keys.js";
import { FakeTwilioApi } from "./helpers/fake-twilio.js";
import { inboundForm, newPhone, postSigned, smsEnv, text, twimlMessages } from "./helpers/twilio-webhook.js";

const available = await redisAvailable();

describe.skipIf(!available)("SMS channel on Redis", () => {
  const prefix = testPrefix();
  const api = new FakeTwilioApi();
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    // Two processes sharing one Redis, as behind a load balancer.
    await api.start();
    const env = { ...smsEnv(api.url), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
    a = await startTestApp(env);
    b = await startTestApp(env);
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await deletePrefix(prefix);
    await api.stop();
  });

  it("has one effect when the same MessageSid reaches two processes at once", async () => {
    const phone = newPhone();
    const form = inboundForm(phone, "what are the side effects");
    const answers = await Promise.all([postSigned(a.url, "/twilio/sms", form), postSigned(b.url, "/twilio/sms", form), postSigned(a.url, "/twilio/sms", form)]);
    expect(answers.map((x) => x.status)).toEqual([200, 200, 200]);
    expect(new Set(answers.map((x) => x.body)).size).toBe(1);
    expect(twimlMessages(answers[0]?.body ?? "").length).toBeGreaterThan(0);
    const lines = await a.app.store.transcripts.list(`sms:${phone}`);
    expect(lines.filter((l) => l.from === "person")).toHaveLength(1);
    expect((await a.app.store.conversations.load(`sms:${phone}`))?.turns).toBe(1);
  });

  it("refuses a signed webhook replayed after its one-day reply record expired (MessageSid remembered ~90 days, without text)", async () => {
    const phone = newPhone();
    const form = inboundForm(phone, "what are the side effects");
    const first = await postSigned(a.url, "/twilio/sms", form);
    expect(twimlMessages(first.body).length).toBeGreaterThan(0);
    const sid = String(form.MessageSid);
    // What a day passing does: the reply record (which holds the reply text) expires.
    expect(await a.app.store.kv.del(keys.idempotency("twilio-sms", sid))).toBe(1);
    const seenTtl = await a.app.store.kv.pttl(keys.smsSeen(sid));
    expect(seenTtl).toBeGreaterThan(89 * 24 * 3600 * 1000);
    expect(await a.app.store.kv.get(keys.smsSeen(sid))).not.toMatch(/side effects/);
    const replayed = await postSigned(b.url, "/twilio/sms", form);
    expect(replayed.status).toBe(200);
    expect(twimlMessages(replayed.body)).toEqual([]);
    expect((await a.app.store.conversations.load(`sms:${phone}`))?.turns).toBe(1);
    expect((await a.app.store.transcripts.list(`sms:${phone}`)).filter((l) => l.from === "person")).toHaveLength(1);
  });

  it("honours an opt-out recorded by one process in the other, until START", async () => {
    const phone = newPhone();
    await text(a.url, phone, "STOP");
    expect(await new OptOutRepo(b.app.store.kv).isOptedOut(phone)).toBe(true);
    expect(await text(b.url, phone, "how long do the effects last?")).toEqual([]);
    expect(await b.app.sms.send(phone, "Your free consultation call is tomorrow.", "reminder")).toEqual({ kind: "optedOut" });
    expect(api.creates).toEqual([]);
    await text(b.url, phone, "START");
    expect((await text(a.url, phone, "how long do the effects last?")).length).toBeGreaterThan(0);
  });
});
