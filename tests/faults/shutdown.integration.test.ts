import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { spawnBot } from "../helpers/spawn-bot.js";

describe("SIGTERM", () => {
  it("finishes the turns in flight, accepts no new ones and exits within 10 s", async () => {
    const bot = await spawnBot({ RATE_LIMIT_PER_MINUTE: "100000" });
    const post = () =>
      fetch(`${bot.url}/api/messages`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ type: "message", text: "how many treatments would i need", user: randomUUID() }),
      }).then(
        async (res) => ({ status: res.status, body: await res.json() }),
        (err: Error) => ({ status: 0, body: err.message }),
      );

    const inFlight = Array.from({ length: 40 }, post);
    // Stop as soon as the server is answering: the other turns are then in flight (on a busy machine a fixed delay may be too short).
    await Promise.race(inFlight);
    const exit = bot.stop("SIGTERM");
    const results = await Promise.all(inFlight);
    const code = await exit;

    // 0, not 1: the graceful path finished before main.ts's 10 s forced exit (which exits 1).
    expect(code).toBe(0);
    // Every request the server accepted got its whole answer; none was cut off with a 5xx.
    const answered = results.filter((r) => r.status !== 0);
    expect(answered.length).toBeGreaterThan(0);
    for (const r of answered) {
      expect(r.status).toBe(200);
      expect((r.body as { faq?: string }[]).some((m) => m.faq === "number-of-treatments")).toBe(true);
    }
    // Nothing listens any more.
    expect((await post()).status).toBe(0);
  }, 90_000);
});
