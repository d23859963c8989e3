import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../../src/llm/circuit-breaker.js";

function clock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

describe("CircuitBreaker", () => {
  it("stays closed below the threshold and resets on success", () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: c.now });
    b.failure();
    b.failure();
    b.success();
    b.failure();
    b.failure();
    expect(b.state).toBe("closed");
    expect(b.tryAcquire()).toBe(true);
  });

  it("opens after N failures in a row, refuses calls, then lets exactly one trial through after the cool-down", () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 3, cooldownMs: 1000, now: c.now });
    for (let i = 0; i < 3; i++) b.failure();
    expect(b.state).toBe("open");
    expect(b.tryAcquire()).toBe(false);
    c.advance(999);
    expect(b.tryAcquire()).toBe(false);
    c.advance(1);
    expect(b.state).toBe("half-open");
    expect(b.tryAcquire()).toBe(true);
    // A second caller while the trial is in flight is refused.
    expect(b.tryAcquire()).toBe(false);
    b.success();
    expect(b.state).toBe("closed");
    expect(b.tryAcquire()).toBe(true);
    expect(b.snapshot()).toMatchObject({ state: "closed", opened: 1, refused: 3, consecutiveFailures: 0 });
  });

  it("a failed trial opens it again for twice as long, capped", () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000, maxCooldownMs: 3000, now: c.now });
    b.failure();
    b.failure();
    c.advance(1000);
    expect(b.tryAcquire()).toBe(true);
    b.failure();
    c.advance(1999);
    expect(b.tryAcquire()).toBe(false);
    c.advance(1);
    expect(b.tryAcquire()).toBe(true);
    b.failure();
    c.advance(2999);
    expect(b.tryAcquire()).toBe(false);
    c.advance(1);
    expect(b.tryAcquire()).toBe(true);
    expect(b.snapshot().opened).toBe(3);
  });

  it("a trial that never reports does not keep the breaker shut for good", () => {
    const c = clock();
    const b = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 1000, now: c.now });
    b.failure();
    c.advance(1000);
    expect(b.tryAcquire()).toBe(true);
    c.advance(500);
    expect(b.tryAcquire()).toBe(false);
    c.advance(500);
    expect(b.tryAcquire()).toBe(true);
  });
});
