import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startBookingApp, type BookingHarness } from "../flows/booking-harness.js";
import { inboundForm, postSigned, smsEnv, twimlMessages } from "../sms/helpers/twilio-webhook.js";

const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";

describe("booking through the real Twilio webhook (POST /twilio/sms)", () => {
  let h: BookingHarness;
  beforeEach(async () => {
    h = await startBookingApp(MONDAY_9AM_ET, smsEnv());
  });
  afterEach(async () => {
    await h.close();
  });

  it("books in 4 texts, with the slots as a numbered list in the TwiML answer", async () => {
    const from = "+12125550177";
    const text = async (body: string) => {
      const res = await postSigned(h.t.url, "/twilio/sms", inboundForm(from, body));
      expect(res.status).toBe(200);
      return twimlMessages(res.body).join("\n");
    };
    const offered = await text("book me");
    expect(offered).toMatch(/1: Mon, Nov 23 at 12:00 PM ET\n2: Mon, Nov 23 at 1:00 PM ET\n3: Mon, Nov 23 at 2:00 PM ET/);
    expect(await text("3")).toMatch(/Mon, Nov 23 at 2:00 PM ET is held for 5 min\. What name should we use\?/);
    expect(await text("Jordan Lee")).toMatch(/Should we call you, Jordan Lee, at \(212\) 555-0177 \(this number\)\?/);
    expect(await text("Yes")).toMatch(/You're booked: Mon, Nov 23 at 2:00 PM ET/);
    expect(await h.t.app.scheduler.findByPhone(from)).toMatchObject({ kind: "found", bookings: [{ start: "2026-11-23T19:00:00.000Z", channel: "sms" }] });
  });

  // Issue 19: Advanced Opt-Out flags a bare YES with OptOutType=START. The SMS rules read it with
  // keywordFromTwilio(): from a number that is not opted out it is the answer the dialog waits for.
  it("books when the confirming YES arrives flagged OptOutType=START by Advanced Opt-Out", async () => {
    const from = "+12125550178";
    const service = { MessagingServiceSid: `MG${"c3".repeat(16)}` };
    const text = async (body: string, extra: Record<string, string> = {}) => {
      const res = await postSigned(h.t.url, "/twilio/sms", inboundForm(from, body, { ...service, ...extra }));
      expect(res.status).toBe(200);
      return twimlMessages(res.body).join("\n");
    };
    await text("book me");
    await text("3");
    expect(await text("Jordan Lee")).toMatch(/Should we call you, Jordan Lee, at \(212\) 555-0178 \(this number\)\?/);
    expect(await text("YES", { OptOutType: "START" })).toMatch(/You're booked: Mon, Nov 23 at 2:00 PM ET/);
    expect(await h.t.app.scheduler.findByPhone(from)).toMatchObject({ kind: "found", bookings: [{ start: "2026-11-23T19:00:00.000Z" }] });
  });
});
