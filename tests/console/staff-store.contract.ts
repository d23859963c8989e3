import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Kv } from "../../src/state/kv.js";
import { createStore, type Store } from "../../src/state/store.js";
import { keys } from "../../src/state/keys.js";
import { LoginThrottle } from "../../src/state/staff-login-throttle.js";
import { SessionRepo } from "../../src/state/sessions.js";
import { newConversationState } from "../../src/state/conversation-state.js";
import { HandoffDesk } from "../../src/handoff/handoff-desk.js";
import type { ConversationMessenger, DeliveryOutcome } from "../../src/domain/outbound.js";
import type { Reply } from "../../src/domain/message.js";
import { createLogger } from "../../src/logging/logger.js";
import { sleep } from "../state/kv.contract.js";

/** Records what would reach the person; `outcome` decides whether it "arrives". */
export class RecordingMessenger implements ConversationMessenger {
  readonly sent: { conversationId: string; reply: Reply }[] = [];
  outcome: DeliveryOutcome = { kind: "delivered" };
  async deliver(conversationId: string, reply: Reply): Promise<DeliveryOutcome> {
    if (this.outcome.kind === "delivered") this.sent.push({ conversationId, reply });
    return this.outcome;
  }
}

const T0 = new Date("2026-11-21T10:00:00Z");

/**
 * The staff console's repositories (accounts, lockout, sessions, audit log), the handoff
 * operations and retention: the same behaviour on memory and on Redis.
 */
export function staffStoreContract(name: string, make: () => Promise<Kv>, cleanup: (kv: Kv) => Promise<void> = async () => {}): void {
  describe(`Staff store contract: ${name}`, () => {
    let kv: Kv;
    let store: Store;
    beforeEach(async () => {
      kv = await make();
      store = createStore(kv, { retentionDays: 30 });
    });
    afterEach(async () => {
      await cleanup(kv);
      await kv.close();
    });

    describe("staff accounts", () => {
      it("creates an account once, case-insensitively, and keeps only the hash", async () => {
        expect(await store.staff.hasAny()).toBe(false);
        expect(await store.staff.create("Sam@Clinic.example", "scrypt$hash", T0)).toBe("created");
        expect(await store.staff.create("sam@clinic.example", "scrypt$other", T0)).toBe("exists");
        expect(await store.staff.get("SAM@clinic.EXAMPLE")).toMatchObject({ email: "sam@clinic.example", passwordHash: "scrypt$hash" });
        expect(await store.staff.hasAny()).toBe(true);
        await store.staff.create("alex@clinic.example", "scrypt$x", new Date(T0.getTime() + 1000));
        expect(await store.staff.emails()).toEqual(["sam@clinic.example", "alex@clinic.example"]);
      });

      it("sets a new password only on an existing account", async () => {
        expect(await store.staff.setPassword("nobody@clinic.example", "h", T0)).toBe("notFound");
        await store.staff.create("sam@clinic.example", "old", T0);
        expect(await store.staff.setPassword("sam@clinic.example", "new", T0)).toBe("changed");
        expect((await store.staff.get("sam@clinic.example"))?.passwordHash).toBe("new");
      });

      it("ignores a damaged record", async () => {
        await kv.set(keys.staffAccount("bad@clinic.example"), "{nope");
        expect(await store.staff.get("bad@clinic.example")).toBeNull();
      });
    });

    describe("sign-in throttle (account and network together, growing delays)", () => {
      it("delays an account after three failures from one network, and only from that network", async () => {
        for (let i = 0; i < 3; i++) expect((await store.loginThrottle.recordFailure("sam@clinic.example", "10.0.0.1")).kind).toBe("allowed");
        const fourth = await store.loginThrottle.recordFailure("Sam@clinic.example", "10.0.0.1");
        expect(fourth).toMatchObject({ kind: "locked", scope: "account", delayStarted: true });
        expect(fourth.kind === "locked" && fourth.retryAfterMs).toBeGreaterThan(25_000);
        expect(fourth.kind === "locked" && fourth.retryAfterMs).toBeLessThanOrEqual(30_000);
        expect((await store.loginThrottle.check("sam@clinic.example", "10.0.0.1")).kind).toBe("locked");
        // The right person on another network is never held up by someone else's wrong passwords.
        expect((await store.loginThrottle.check("sam@clinic.example", "10.0.0.2")).kind).toBe("allowed");
        expect((await store.loginThrottle.check("alex@clinic.example", "10.0.0.1")).kind).toBe("allowed");
      });

      it("doubles the delay with each further failure, up to the maximum", async () => {
        const throttle = new LoginThrottle(kv, { freeFailures: 1, baseDelayMs: 1000, maxDelayMs: 4000, maxNetworkFailures: 100, networkWindowMs: 60_000 });
        await throttle.recordFailure("sam@clinic.example", "10.0.0.1");
        const delays: number[] = [];
        for (let i = 0; i < 4; i++) {
          const v = await throttle.recordFailure("sam@clinic.example", "10.0.0.1");
          delays.push(v.kind === "locked" ? Math.round(v.retryAfterMs / 1000) : 0);
        }
        expect(delays).toEqual([1, 2, 4, 4]);
      });

      it("groups IPv6 addresses by /64 and treats IPv4-mapped addresses as IPv4", async () => {
        const throttle = new LoginThrottle(kv, { freeFailures: 100, baseDelayMs: 1000, maxDelayMs: 60_000, maxNetworkFailures: 3, networkWindowMs: 60_000 });
        await throttle.recordFailure("a@clinic.example", "2001:db8:1:2::1");
        await throttle.recordFailure("b@clinic.example", "2001:db8:1:2:ffff:1:2:3");
        expect(await throttle.recordFailure("c@clinic.example", "2001:0db8:0001:0002:abcd::9")).toMatchObject({ kind: "locked", scope: "network" });
        expect((await throttle.check("d@clinic.example", "2001:db8:1:3::1")).kind).toBe("allowed");
        for (let i = 0; i < 3; i++) await throttle.recordFailure(`x${i}@clinic.example`, "::ffff:192.0.2.7");
        expect((await throttle.check("y@clinic.example", "192.0.2.7")).kind).toBe("locked");
      });

      it("forgets the failures from a network after a successful sign-in from it", async () => {
        for (let i = 0; i < 3; i++) await store.loginThrottle.recordFailure("sam@clinic.example", "10.0.0.1");
        await store.loginThrottle.recordSuccess("sam@clinic.example", "10.0.0.1");
        for (let i = 0; i < 3; i++) expect((await store.loginThrottle.recordFailure("sam@clinic.example", "10.0.0.1")).kind).toBe("allowed");
      });

      it("ends a delay when its time is up", async () => {
        const throttle = new LoginThrottle(kv, { freeFailures: 0, baseDelayMs: 400, maxDelayMs: 400, maxNetworkFailures: 100, networkWindowMs: 60_000 });
        expect((await throttle.recordFailure("d@clinic.example", "10.9.9.9")).kind).toBe("locked");
        await sleep(600);
        expect((await throttle.check("d@clinic.example", "10.9.9.9")).kind).toBe("allowed");
      });
    });

    describe("sessions", () => {
      it("resumes a session by its token and stores only the token's hash", async () => {
        const { token, session } = await store.sessions.create("sam@clinic.example", T0);
        expect(token).toMatch(/^[\w-]{43}$/);
        expect(session.csrf).toMatch(/^[\w-]{43}$/);
        expect(await kv.get(keys.staffSession(token))).toBeNull();
        expect(await store.sessions.resume(token, new Date(T0.getTime() + 60_000))).toMatchObject({ email: "sam@clinic.example", csrf: session.csrf });
        expect(await store.sessions.resume("x".repeat(43), T0)).toBeNull();
        expect(await store.sessions.resume("<script>", T0)).toBeNull();
        await store.sessions.destroy(token);
        expect(await store.sessions.resume(token, T0)).toBeNull();
      });

      it("signs out after the idle time, and activity keeps a session alive", async () => {
        const sessions = new SessionRepo(kv, { idleMs: 500, maxAgeMs: 60_000 });
        const active = await sessions.create("sam@clinic.example", new Date());
        const idle = await sessions.create("alex@clinic.example", new Date());
        for (let i = 0; i < 4; i++) {
          await sleep(180);
          expect(await sessions.resume(active.token, new Date())).not.toBeNull();
        }
        expect(await sessions.resume(idle.token, new Date())).toBeNull();
      });

      it("ends a session after its maximum age however active", async () => {
        const sessions = new SessionRepo(kv, { idleMs: 60_000, maxAgeMs: 1000 });
        const { token } = await sessions.create("sam@clinic.example", T0);
        expect(await sessions.resume(token, new Date(T0.getTime() + 999))).not.toBeNull();
        expect(await sessions.resume(token, new Date(T0.getTime() + 1000))).toBeNull();
        expect(await sessions.resume(token, new Date(T0.getTime() + 10))).toBeNull();
      });
    });

    describe("audit log", () => {
      it("lists entries newest first, filtered by conversation or handoff", async () => {
        for (let i = 0; i < 5; i++) {
          await store.audit.append({
            at: new Date(T0.getTime() + i * 1000).toISOString(),
            staff: "sam@clinic.example",
            action: i % 2 ? "export-json" : "view-transcript",
            conversationId: i < 3 ? "web:a" : "sms:+15550001111",
            handoffId: `h${i}`,
          });
        }
        const all = await store.audit.list();
        expect(all.map((e) => e.handoffId)).toEqual(["h4", "h3", "h2", "h1", "h0"]);
        expect((await store.audit.list({ conversationId: "web:a" })).map((e) => e.handoffId)).toEqual(["h2", "h1", "h0"]);
        expect((await store.audit.list({ handoffId: "h3" })).map((e) => e.action)).toEqual(["export-json"]);
        expect(await store.audit.list({ limit: 2 })).toHaveLength(2);
      });

      it("refuses an entry without who or what", async () => {
        await expect(store.audit.append({ at: T0.toISOString(), staff: "sam@clinic.example", action: "nonsense" as never })).rejects.toThrow();
        expect(await store.audit.list()).toEqual([]);
      });
    });

    describe("handoff operations", () => {
      const open = (conversationId: string, urgency: "urgent" | "normal" = "normal", at = T0) =>
        store.handoffs.open({ conversationId, channel: conversationId.startsWith("sms:") ? "sms" : "web", reason: urgency === "urgent" ? "crisis" : "asked-for-person", urgency, now: at });

      it("lists the queue urgent first, then newest, filtered by status", async () => {
        const a = (await open("web:a", "normal", new Date(T0.getTime() + 1000))).handoff;
        const b = (await open("web:b", "urgent", T0)).handoff;
        const c = (await open("web:c", "normal", new Date(T0.getTime() + 2000))).handoff;
        const d = (await open("web:d", "urgent", new Date(T0.getTime() + 3000))).handoff;
        expect((await store.handoffs.queue()).map((h) => h.id)).toEqual([d.id, b.id, c.id, a.id]);
        await store.handoffs.claim(a.id, "sam@clinic.example", T0);
        await store.handoffs.resolve(c.id, "sam@clinic.example", "called back", T0);
        expect((await store.handoffs.queue("claimed")).map((h) => h.id)).toEqual([a.id]);
        expect((await store.handoffs.queue("resolved")).map((h) => h.id)).toEqual([c.id]);
        expect((await store.handoffs.queue("open")).map((h) => h.id)).toEqual([d.id, b.id]);
        expect((await store.handoffs.queue("active")).map((h) => h.id)).toEqual([d.id, b.id, a.id]);
        expect(await store.handoffs.queue("all")).toHaveLength(4);
      });

      it("claims once; a colleague must take over explicitly; a resolved handoff stays resolved", async () => {
        const h = (await open("web:claim")).handoff;
        expect(await store.handoffs.claim(h.id, "sam@clinic.example", T0)).toMatchObject({ kind: "claimed", handoff: { status: "claimed", claimedBy: "sam@clinic.example" } });
        expect(await store.handoffs.claim(h.id, "alex@clinic.example", T0)).toMatchObject({ kind: "claimedByOther", handoff: { claimedBy: "sam@clinic.example" } });
        expect(await store.handoffs.claim(h.id, "alex@clinic.example", T0, { takeOver: true })).toMatchObject({ kind: "claimed", handoff: { claimedBy: "alex@clinic.example" } });
        expect(await store.handoffs.resolve(h.id, "alex@clinic.example", "done", T0)).toMatchObject({ kind: "resolved", handoff: { resolvedBy: "alex@clinic.example", resolutionNote: "done" } });
        expect((await store.handoffs.resolve(h.id, "sam@clinic.example", "again", T0)).kind).toBe("alreadyResolved");
        expect((await store.handoffs.claim(h.id, "sam@clinic.example", T0)).kind).toBe("resolved");
        expect(await store.handoffs.openFor("web:claim")).toBeNull();
        expect((await store.handoffs.claim("no-such-id", "sam@clinic.example", T0)).kind).toBe("notFound");
      });

      it("claiming quiets the bot in the conversation, resolving hands it back", async () => {
        const desk = new HandoffDesk(store, new RecordingMessenger(), createLogger("silent"), () => T0);
        await store.conversations.save({ ...newConversationState("web:quiet", "web", T0), disclosed: true });
        const h = (await open("web:quiet")).handoff;
        await desk.claim(h.id, "sam@clinic.example");
        expect((await store.conversations.load("web:quiet"))?.takeover).toEqual({ handoffId: h.id, staff: "sam@clinic.example", since: T0.toISOString(), told: false });
        await store.conversations.save({ ...(await store.conversations.load("web:quiet"))!, takeover: { handoffId: h.id, staff: "sam@clinic.example", since: T0.toISOString(), told: true } });
        await desk.claim(h.id, "alex@clinic.example", { takeOver: true });
        expect((await store.conversations.load("web:quiet"))?.takeover).toMatchObject({ staff: "alex@clinic.example", told: true });
        await desk.resolve(h.id, "alex@clinic.example", "answered");
        const after = await store.conversations.load("web:quiet");
        expect(after?.takeover).toBeUndefined();
        expect(after?.handoffId).toBeUndefined();
        expect(after?.disclosed).toBe(true);
      });

      it("claims a conversation whose state has expired by starting a fresh one", async () => {
        const desk = new HandoffDesk(store, new RecordingMessenger(), createLogger("silent"), () => T0);
        const h = (await open("sms:+15550002222")).handoff;
        await desk.claim(h.id, "sam@clinic.example");
        expect((await store.conversations.load("sms:+15550002222"))?.takeover?.handoffId).toBe(h.id);
      });

      it("sends a staff reply on the person's channel and records it; a reply that cannot arrive is not recorded", async () => {
        const messenger = new RecordingMessenger();
        const desk = new HandoffDesk(store, messenger, createLogger("silent"), () => T0);
        const h = (await open("sms:+15550003333")).handoff;
        const sent = await desk.reply(h.id, "sam@clinic.example", "Hi, this is Sam from the clinic.");
        expect(sent).toMatchObject({ kind: "sent", handoff: { status: "claimed", claimedBy: "sam@clinic.example" } });
        // The person heard from a person, so the bot will not announce one again.
        expect((await store.conversations.load("sms:+15550003333"))?.takeover).toMatchObject({ handoffId: h.id, told: true });
        expect(messenger.sent).toEqual([{ conversationId: "sms:+15550003333", reply: { kind: "staff", text: "Hi, this is Sam from the clinic.", intent: "staff-reply" } }]);
        expect(await store.transcripts.list("sms:+15550003333")).toEqual([
          { at: T0.toISOString(), from: "staff", channel: "sms", text: "Hi, this is Sam from the clinic.", kind: "staff", staff: "sam@clinic.example" },
        ]);
        messenger.outcome = { kind: "notDelivered", reason: "the person opted out of texts (STOP)" };
        expect(await desk.reply(h.id, "sam@clinic.example", "Second")).toMatchObject({ kind: "notDelivered", reason: "the person opted out of texts (STOP)" });
        expect(await store.transcripts.list("sms:+15550003333")).toHaveLength(1);
        expect((await desk.reply(h.id, "alex@clinic.example", "Me too")).kind).toBe("claimedByOther");
        await desk.resolve(h.id, "sam@clinic.example", "done");
        expect((await desk.reply(h.id, "sam@clinic.example", "After")).kind).toBe("resolved");
      });
    });

    describe("retention", () => {
      it("removes transcripts, state and handoffs after the retention period unless kept", async () => {
        const short = createStore(kv, { retentionDays: 30, retentionMs: 700 });
        const desk = new HandoffDesk(short, new RecordingMessenger(), createLogger("silent"), () => new Date());
        const line = { at: T0.toISOString(), from: "person" as const, channel: "web" as const, text: "hello" };
        for (const id of ["web:gone", "web:kept"]) {
          await short.conversations.save(newConversationState(id, "web", new Date()));
          await short.transcripts.append(id, [line]);
        }
        const gone = (await short.handoffs.open({ conversationId: "web:gone", channel: "web", reason: "asked-for-person", urgency: "normal", now: new Date() })).handoff;
        const kept = (await short.handoffs.open({ conversationId: "web:kept", channel: "web", reason: "crisis", urgency: "urgent", now: new Date() })).handoff;
        expect(await desk.keep(kept.id, true)).toMatchObject({ kept: true });
        expect(await kv.pttl(keys.handoff(kept.id))).toBe(-1);
        expect(await kv.pttl(keys.transcript("web:kept"))).toBe(-1);

        await sleep(900);
        expect(await short.transcripts.list("web:gone")).toEqual([]);
        expect(await short.conversations.load("web:gone")).toBeNull();
        expect(await short.handoffs.get(gone.id)).toBeNull();
        expect(await short.handoffs.openFor("web:gone")).toBeNull();
        expect((await short.handoffs.list()).map((h) => h.id)).toEqual([kept.id]);
        expect(await short.handoffs.get(kept.id)).toMatchObject({ kept: true });
        expect(await short.transcripts.list("web:kept")).toEqual([line]);

        // Released again, it goes the normal way.
        const released = await desk.keep(kept.id, false);
        expect(released?.kept).toBeUndefined();
        await sleep(900);
        expect(await short.handoffs.get(kept.id)).toBeNull();
        expect(await short.transcripts.list("web:kept")).toEqual([]);
      });
    });
  });
}
