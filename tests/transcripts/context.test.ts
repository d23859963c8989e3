import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lastChoices, smsView, startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";
import type { WebReplyJson } from "../helpers/test-app.js";
import { fillClinic } from "../../src/pipeline/say.js";

/**
 * Whole conversations where the meaning depends on what came before (issue 15), on the web and
 * by SMS. Monday 2026-11-23, 10:00 in Los Angeles: the clinic is open.
 */
let h: BookingHarness;
beforeAll(async () => {
  h = await startBookingApp("2026-11-23T18:00:00Z");
});
afterAll(async () => {
  await h?.close();
});

/** One conversation on one channel: each message's replies as text (SMS wording by SMS). */
function conversation(channel: "web" | "sms") {
  const user = randomUUID();
  const phone = `+1212555${String(Math.floor(Math.random() * 10_000)).padStart(4, "0")}`;
  return async (text: string): Promise<string> => (channel === "web" ? webView(await h.web(user, text)) : smsView(await h.text(phone, text)));
}

/** The start of an entry's curated answer as the person reads it. */
const answerOf = (id: string, channel: "web" | "sms") => {
  const entry = h.t.app.services.kb.faq.get(id)!;
  return fillClinic(channel === "web" ? entry.answers.web : entry.answers.sms, h.t.app.services.clinic).slice(0, 60);
};

for (const channel of ["web", "sms"] as const) {
  describe(`context on ${channel}`, () => {
    it("a follow-up about 'those' after the session answer is about the number of treatments", async () => {
      const say = conversation(channel);
      expect(await say("how long does a session take")).toContain(answerOf("session-length", channel));
      expect(await say("and how many of those would I need?")).toContain(answerOf("number-of-treatments", channel));
    });

    it("beside an answer, the runner-up entry is offered in one tap: 'or were you asking about ...?'", async () => {
      const say = conversation(channel);
      const first = await say("is the spray version faster");
      expect(first).toContain(answerOf("spravato", channel));
      // The offer is a choice: the button on the web, its number by SMS.
      expect(first).toContain("Or were you asking about forms of ketamine (IV, IM");
      expect(await say(channel === "web" ? "faq:forms-of-ketamine" : "1")).toContain(answerOf("forms-of-ketamine", channel));
    });

    it("never sends the same answer twice in a row: says so and offers the next step", async () => {
      const say = conversation(channel);
      expect(await say("how long does it last")).toContain(answerOf("effects-duration", channel));
      const again = await say("how long does it last?");
      expect(again).not.toContain(answerOf("effects-duration", channel));
      expect(again).toMatch(/just shared/);
    });

    it("an acknowledgement gets a short reply, not the answer again", async () => {
      const say = conversation(channel);
      await say("what are the side effects");
      const ack = await say("👍");
      expect(ack).not.toContain(answerOf("side-effects", channel));
      expect(ack.length).toBeLessThan(120);
    });

    it("while a person is being fetched, 'how long until someone gets back?' and 'hello?' get the wait, from the office hours", async () => {
      const say = conversation(channel);
      expect(await say("can i talk to a real person")).toMatch(/get back to you/);
      expect(await say("how long until someone gets back?")).toMatch(/A member of our team/);
      expect(await say("hello?")).toMatch(/A member of our team/);
    });

    it("'ok bye' in the middle of booking is a goodbye, not 'back to booking'", async () => {
      const say = conversation(channel);
      await say("book a consult");
      const bye = await say("ok bye");
      expect(bye).toMatch(/Take care/);
      expect(bye).not.toMatch(/Back to booking/);
    });

    it("'where are you located?' and 'what are your hours?' answer from the clinic profile", async () => {
      const say = conversation(channel);
      const { clinic } = h.t.app.services;
      expect(await say("where are you located?")).toContain(clinic.address!.split(",")[0]!);
      expect(await say("what are your hours?")).toMatch(/Mon/);
    });

    it("a long story with a question in it gets the answer", async () => {
      const say = conversation(channel);
      const story =
        "So my sister went to a clinic like yours last year and she said it helped her a lot, and my doctor keeps telling me I should look into it because nothing else has worked for me, I've been on three different meds. Anyway I'm trying to figure out how many treatments people usually need before they feel better?";
      expect(await say(story)).toContain(answerOf("number-of-treatments", channel));
    });

    it("a general question about suicidal thoughts that the screen reads as possible risk gets the check-in, then the entry's answer", async () => {
      // A general question the screen of training round 25 reads as possible risk (if a retrained
      // screen stops reading it so, pick another general question it does; faq-J's "Does ketamine
      // help people who think about suicide?" was one until round 24, and is now read as ok).
      const question = "Does ketamine reduce suicidal thoughts in people who feel like a burden?";
      expect(h.t.app.services.safety.screen(question).kind).toBe("risk");
      const reply = await conversation(channel)(question);
      const checkIn = reply.search(/safe right now/i);
      const answer = reply.indexOf(answerOf("suicidal-thoughts", channel));
      expect(checkIn, reply).toBeGreaterThanOrEqual(0);
      expect(answer, reply).toBeGreaterThan(checkIn);
      expect(reply).toMatch(/988/);
    });

    it("after a check-in the conversation goes on: the message that prompted it raises no second check-in", async () => {
      const say = conversation(channel);
      expect(await say("everything feels pointless lately")).toMatch(/safe right now/i);
      const hours = await say("what are your hours");
      expect(hours).not.toMatch(/safe right now/i);
      expect(await say("how much is the consult")).not.toMatch(/safe right now/i);
    });

    it("a question about another medicine is not answered with the ketamine entry: the prescriber is named", async () => {
      const say = conversation(channel);
      const reply = await say("what are the side effects of lithium");
      expect(reply).toMatch(/only answer questions about ketamine treatment/);
      expect(reply).toMatch(/prescriber or pharmacist/);
      expect(reply).toContain("lithium");
      expect(reply).not.toContain(answerOf("side-effects", channel));
      // Compared with ketamine, the same medicine is a ketamine question.
      expect(await say("is ketamine faster than lithium?")).not.toMatch(/only answer questions about ketamine treatment/);
    });

    it("when unsure it offers the likeliest topics, and a person after a second miss", async () => {
      const say = conversation(channel);
      const first = await say("is it hard");
      expect(first).toMatch(/Did you mean/);
      expect(first).toMatch(/988/);
      const second = await say("something else");
      expect(second).toMatch(/passed your message to our team/);
    });
  });
}

describe("context with a booked call", () => {
  it("'when is my call again?' gets its time and how to change it, on the web", async () => {
    const user = randomUUID();
    await h.web(user, "book a consult");
    await h.web(user, "eastern");
    let replies: WebReplyJson[] = await h.web(user, "1");
    replies = await h.web(user, "Alex Rivera, 212-555-0134");
    const yes = lastChoices(replies).find((c) => /yes|book it/i.test(c.title));
    await h.web(user, yes?.payload ?? "yes");
    replies = await h.code(user);
    expect(webView(replies)).toMatch(/You're booked/);
    const when = webView(await h.web(user, "when is my call again?"));
    expect(when).toMatch(/booked for Mon, Nov 23 at \d{1,2}:\d\d [AP]M ET/);
    expect(when).toMatch(/move my call|cancel my call/);
  });
});
