import { createServer } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { createLogger } from "../../src/logging/logger.js";
import { OptOutRepo } from "../../src/state/opt-outs.js";
import { DeliveryStatusRepo, UnconfirmedSendLog } from "../../src/channels/sms/delivery-status.js";
import { createTwilioClient } from "../../src/channels/sms/twilio-client.js";
import { TwilioSmsSender } from "../../src/channels/sms/twilio-sms-sender.js";
import { createSmsSender } from "../../src/channels/sms/create-sms-sender.js";
import { parseConfig } from "../../src/config.js";
import { FakeTwilioApi, twilioError } from "./helpers/fake-twilio.js";
import { CLINIC_NUMBER, TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, newPhone } from "./helpers/twilio-webhook.js";

const logger = createLogger("silent");

describe("TwilioSmsSender through the real twilio-node client and a fake Twilio API", () => {
  const api = new FakeTwilioApi();
  let kv: MemoryKv;
  let optOuts: OptOutRepo;
  let deliveries: DeliveryStatusRepo;
  let unconfirmed: UnconfirmedSendLog;
  let sleeps: number[];
  let sender: TwilioSmsSender;

  beforeAll(async () => {
    await api.start();
  });
  afterAll(async () => {
    await api.stop();
  });
  beforeEach(() => {
    kv = new MemoryKv();
    optOuts = new OptOutRepo(kv);
    deliveries = new DeliveryStatusRepo(kv, 86_400_000);
    unconfirmed = new UnconfirmedSendLog(kv, 86_400_000);
    sleeps = [];
    sender = new TwilioSmsSender({
      client: createTwilioClient({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, apiBaseUrl: api.url }),
      sender: { from: CLINIC_NUMBER },
      statusCallbackUrl: "https://bot.clinic.example/twilio/status",
      optOuts,
      deliveries,
      unconfirmed,
      clinicName: "Harbor Ketamine Clinic",
      logger,
      backoffMs: (retry) => 10 * 2 ** (retry - 1),
      sleep: async (ms) => {
        sleeps.push(ms);
      },
    });
  });

  it("creates the message with To, From, Body and StatusCallback, authenticated as the account", async () => {
    const to = newPhone();
    const before = api.creates.length;
    const outcome = await sender.send(to, "Your free consultation call is booked for Tue, Nov 24 at 10:00 AM.", "confirmation");
    expect(outcome).toMatchObject({ kind: "sent", sid: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    const request = api.creates.at(-1);
    expect(api.creates.length).toBe(before + 1);
    expect(request?.path).toBe(`/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages.json`);
    expect(request?.form).toEqual({
      To: to,
      From: CLINIC_NUMBER,
      Body: "Your free consultation call is booked for Tue, Nov 24 at 10:00 AM.",
      StatusCallback: "https://bot.clinic.example/twilio/status",
    });
    expect(request?.authorization).toBe(`Basic ${Buffer.from(`${TEST_ACCOUNT_SID}:${TEST_AUTH_TOKEN}`).toString("base64")}`);
    if (outcome.kind === "sent") expect(await deliveries.get(outcome.sid)).toMatchObject({ status: "queued", purpose: "confirmation" });
  });

  it("sends GSM-7 only and takes the drug word out of the clinic's name", async () => {
    await sender.send(newPhone(), "Harbor Ketamine Clinic: you\u2019re booked \u2014 see you soon \u{1F60A}", "confirmation");
    expect(api.creates.at(-1)?.form.Body).toBe("Harbor Clinic: you're booked - see you soon");
  });

  it("sends a staff reply word for word: drug names, the clinic's own name and typographic quotes kept", async () => {
    const body = "Hi, it’s Sam at Harbor Ketamine Clinic — yes, ketamine infusions are what we do. Call us any time.";
    const outcome = await sender.send(newPhone(), body, "staff-reply");
    expect(outcome.kind).toBe("sent");
    expect(api.creates.at(-1)?.form.Body).toBe(body);
  });

  it("refuses a proactive text that names a drug, and sends nothing", async () => {
    const before = api.creates.length;
    const outcome = await sender.send(newPhone(), "Reminder: your ketamine consult is tomorrow", "reminder");
    expect(outcome).toMatchObject({ kind: "failed", reason: expect.stringMatching(/ketamine/) });
    expect(api.creates.length).toBe(before);
  });

  it("retries a 429 with backoff, then sends", async () => {
    api.respondWith(twilioError(429, 20429, "Too Many Requests"), twilioError(429, 20429, "Too Many Requests"));
    const before = api.creates.length;
    const outcome = await sender.send(newPhone(), "Your free consultation call is tomorrow.", "reminder");
    expect(outcome.kind).toBe("sent");
    expect(api.creates.length - before).toBe(3);
    expect(sleeps).toEqual([10, 20]);
  });

  it("never sends twice when Twilio answers 500 after accepting the message, and records it", async () => {
    const to = newPhone();
    api.respondWith({ ...twilioError(500, 20500, "Internal Server Error"), accept: true });
    const before = api.queued.length;
    const outcome = await sender.send(to, "Your free consultation call is tomorrow.", "reminder");
    expect(outcome).toMatchObject({ kind: "failed", maybeSent: true, reason: expect.stringMatching(/500.*not sent again/) });
    expect(api.queued.length - before).toBe(1);
    expect(sleeps).toEqual([]);
    expect(await unconfirmed.list()).toEqual([expect.objectContaining({ to, purpose: "reminder", status: 500, code: 20500 })]);
  });

  it("does not retry a 503 either: Twilio may have queued the text before failing", async () => {
    api.respondWith(twilioError(503, 20503, "Service Unavailable"));
    const before = api.creates.length;
    expect(await sender.send(newPhone(), "Your free consultation call is tomorrow.", "reminder")).toMatchObject({ kind: "failed", maybeSent: true });
    expect(api.creates.length - before).toBe(1);
    expect(sleeps).toEqual([]);
  });

  it("never sends twice when the connection is cut after Twilio read the request", async () => {
    api.respondWith({ status: 0, dropAfterAccepting: true });
    const before = api.queued.length;
    const outcome = await sender.send(newPhone(), "Your free consultation call is tomorrow.", "reminder");
    expect(outcome).toMatchObject({ kind: "failed", maybeSent: true, reason: expect.stringMatching(/after the request was sent/) });
    expect(api.queued.length - before).toBe(1);
    expect(sleeps).toEqual([]);
    expect(await unconfirmed.list()).toHaveLength(1);
  });

  it("retries a refused connection (nothing reached Twilio) and sends once Twilio answers", async () => {
    const port = await freePort();
    const late = new FakeTwilioApi();
    const retrying = new TwilioSmsSender({
      client: createTwilioClient({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, apiBaseUrl: `http://127.0.0.1:${port}` }),
      sender: { from: CLINIC_NUMBER },
      statusCallbackUrl: "https://bot.clinic.example/twilio/status",
      optOuts,
      deliveries,
      unconfirmed,
      clinicName: "Harbor Clinic",
      logger,
      backoffMs: () => 1,
      // Twilio "comes back" during the first backoff.
      sleep: async () => {
        if (!late.url) await late.start(port);
      },
    });
    try {
      expect((await retrying.send(newPhone(), "Your free consultation call is tomorrow.", "reminder")).kind).toBe("sent");
      expect(late.queued).toHaveLength(1);
      expect(await unconfirmed.list()).toEqual([]);
    } finally {
      await late.stop();
    }
  });

  it("never retries a 21610, records the opt-out and sends nothing to that number again", async () => {
    const to = newPhone();
    api.respondWith(twilioError(400, 21610, "Attempt to send to unsubscribed recipient"));
    const before = api.creates.length;
    expect(await sender.send(to, "Your free consultation call is tomorrow.", "reminder")).toEqual({ kind: "optedOut" });
    expect(api.creates.length - before).toBe(1);
    expect(sleeps).toEqual([]);
    expect(await optOuts.get(to)).toMatchObject({ source: "twilio-21610" });
    expect(await sender.send(to, "Your free consultation call is in an hour.", "reminder")).toEqual({ kind: "optedOut" });
    expect(api.creates.length - before).toBe(1);
  });

  it("never sends a patient text to a number that opted out; an urgent staff alert to an on-call number still goes", async () => {
    const to = newPhone();
    await optOuts.optOut(to, "keyword", new Date(), "STOP");
    const before = api.creates.length;
    for (const purpose of ["confirmation", "reminder", "staff-reply"] as const) {
      expect(await sender.send(to, "Your free consultation call is tomorrow.", purpose)).toEqual({ kind: "optedOut" });
    }
    expect(api.creates.length).toBe(before);
    // Alert numbers are configuration: a STOP once texted from the on-call phone never silences a crisis alert.
    expect((await sender.send(to, "Urgent: a conversation needs a person now.", "staff-alert")).kind).toBe("sent");
    expect(api.creates.length).toBe(before + 1);
  });

  it("stops retrying when the number opts out during the backoff", async () => {
    const to = newPhone();
    api.respondWith(twilioError(429, 20429, "Too Many Requests"));
    const slow = new TwilioSmsSender({
      client: createTwilioClient({ accountSid: TEST_ACCOUNT_SID, authToken: TEST_AUTH_TOKEN, apiBaseUrl: api.url }),
      sender: { from: CLINIC_NUMBER },
      statusCallbackUrl: "https://bot.clinic.example/twilio/status",
      optOuts,
      deliveries,
      clinicName: "Harbor Clinic",
      logger,
      sleep: async () => {
        await optOuts.optOut(to, "keyword", new Date(), "STOP");
      },
    });
    const before = api.creates.length;
    expect(await slow.send(to, "Your free consultation call is tomorrow.", "reminder")).toEqual({ kind: "optedOut" });
    expect(api.creates.length - before).toBe(1);
  });

  it("does not retry other client errors and reports Twilio's reason", async () => {
    api.respondWith(twilioError(400, 21211, "The 'To' number +15550000000 is not a valid phone number."));
    const outcome = await sender.send(newPhone(), "Your free consultation call is tomorrow.", "confirmation");
    expect(outcome).toMatchObject({ kind: "failed", reason: expect.stringMatching(/400 \(error 21211\)/) });
    if (outcome.kind === "failed") expect(outcome.reason).not.toContain("+15550000000");
    expect(sleeps).toEqual([]);
  });

  it("refuses numbers that are not E.164 and empty texts without calling Twilio", async () => {
    const before = api.creates.length;
    expect((await sender.send("555-0100", "hi", "staff-reply")).kind).toBe("failed");
    expect((await sender.send(newPhone(), " \u{1F44D} ", "confirmation")).kind).toBe("failed");
    expect((await sender.send(newPhone(), "   ", "staff-reply")).kind).toBe("failed");
    expect(api.creates.length).toBe(before);
  });

  it("uses the Messaging Service when one is configured", async () => {
    const config = parseConfig({
      NODE_ENV: "test",
      TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
      TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
      TWILIO_MESSAGING_SERVICE_SID: `MG${"b2".repeat(16)}`,
      TWILIO_API_BASE_URL: api.url,
      PUBLIC_BASE_URL: "https://bot.clinic.example",
    });
    const viaService = createSmsSender(config, { kv, retentionMs: 86_400_000, clinicName: "Harbor Clinic", logger });
    expect((await viaService.send(newPhone(), "Your free consultation call is tomorrow.", "reminder")).kind).toBe("sent");
    expect(api.creates.at(-1)?.form).toMatchObject({ MessagingServiceSid: `MG${"b2".repeat(16)}`, StatusCallback: "https://bot.clinic.example/twilio/status" });
    expect(api.creates.at(-1)?.form.From).toBeUndefined();
  });

  it("reports disabled when Twilio is not configured", async () => {
    const disabled = createSmsSender(parseConfig({ NODE_ENV: "test" }), { kv, retentionMs: 1000, clinicName: "Harbor Clinic", logger });
    expect(await disabled.send(newPhone(), "Your free consultation call is tomorrow.", "reminder")).toEqual({ kind: "disabled" });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
