import { createServer, type Server } from "node:http";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { smsRoutes } from "../../src/channels/sms/sms-routes.js";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { createStore } from "../../src/state/store.js";
import { createLogger } from "../../src/logging/logger.js";
import { errorHandler } from "../../src/http/http-error.js";
import type { Phrases } from "../../src/domain/phrases.js";
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN, TEST_PUBLIC_BASE_URL, inboundForm, newPhone, postSigned, twimlMessages } from "./helpers/twilio-webhook.js";

/**
 * The routes alone, around a turn that takes far longer than Twilio's 15 s: the person
 * gets the apology in time, and a redelivery gets the same apology.
 */
describe("SMS reply deadline", () => {
  const clinic = loadClinicProfile("clinic/clinic.yaml");
  const store = createStore(new MemoryKv(), { retentionDays: 1 });
  const releases: (() => void)[] = [];
  let turns = 0;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    const web = express();
    web.use(
      smsRoutes({
        authToken: TEST_AUTH_TOKEN,
        accountSid: TEST_ACCOUNT_SID,
        publicBaseUrl: TEST_PUBLIC_BASE_URL,
        run: async () => {
          turns += 1;
          await new Promise<void>((resolve) => releases.push(resolve));
          return { replies: [{ kind: "system", text: "too late" }], verdict: { kind: "ok" }, outcome: { kind: "answered" }, background: Promise.resolve() };
        },
        store,
        clinic,
        phrases: { tryAgainLater: { web: "Please try again.", sms: "Sorry, we hit a problem. Please call {clinicPhone}." } } as unknown as Phrases,
        logger: createLogger("silent"),
        now: () => new Date(),
        replyDeadlineMs: 150,
        duplicateWaitMs: 1000,
      }),
    );
    web.use(errorHandler(createLogger("silent")));
    server = createServer(web);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    for (const release of releases) release();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it("answers a turn that runs past the deadline with the apology, and a redelivery with the same", async () => {
    const form = inboundForm(newPhone(), "what are the side effects");
    // The turn hangs until released below, so an answer at all shows the deadline held (no clock asserted).
    const first = await postSigned(url, "/twilio/sms", form);
    expect(releases.length).toBeGreaterThan(0);
    expect(twimlMessages(first.body)).toEqual([`Sorry, we hit a problem. Please call ${clinic.phone}.`]);
    for (const release of releases.splice(0)) release();
    const again = await postSigned(url, "/twilio/sms", form);
    expect(again.body).toBe(first.body);
    expect(turns).toBe(1);
  });
});
