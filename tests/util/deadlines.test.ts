import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { DeadlineSweep } from "../../src/util/deadlines.js";
import { TimeLimitError } from "../../src/util/time-limit.js";

describe("DeadlineSweep", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it("passes on what settles in time, value or error", async () => {
    const sweep = new DeadlineSweep(1000, "too slow");
    await expect(sweep.limit(Promise.resolve(7))).resolves.toBe(7);
    await expect(sweep.limit(Promise.reject(new Error("boom")))).rejects.toThrow("boom");
  });

  it("rejects what has not settled once the limit is past, at most a quarter of it late, and in order", async () => {
    const sweep = new DeadlineSweep(1000, "Redis command took over 1000 ms");
    const never = new Promise<never>(() => {});
    const first = sweep.limit(never);
    const firstCaught = first.catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(500);
    const second = sweep.limit(never).catch((e: unknown) => e);
    const late = sweep.limit(new Promise((resolve) => setTimeout(() => resolve("late but in time"), 900)));
    await vi.advanceTimersByTimeAsync(499);
    expect(await Promise.race([firstCaught, Promise.resolve("pending")])).toBe("pending");
    await vi.advanceTimersByTimeAsync(251);
    const err = await firstCaught;
    expect(err).toBeInstanceOf(TimeLimitError);
    expect((err as Error).message).toBe("Redis command took over 1000 ms");
    expect(await Promise.race([second, Promise.resolve("pending")])).toBe("pending");
    await vi.advanceTimersByTimeAsync(500);
    await expect(late).resolves.toBe("late but in time");
    expect(await second).toBeInstanceOf(TimeLimitError);
  });

  it("keeps no timer while nothing is pending", async () => {
    const sweep = new DeadlineSweep(1000, "too slow");
    await sweep.limit(Promise.resolve(1));
    await vi.advanceTimersByTimeAsync(300);
    expect(vi.getTimerCount()).toBe(0);
  });
});
