/**
 * Stops calling a failing service for a while. Closed: calls go through. After
 * `failureThreshold` failures in a row it opens: calls are refused at once (the offline path
 * answers) until `cooldownMs` has passed. Then it is half-open: exactly one trial call goes
 * through; success closes it, failure opens it again for twice as long (up to `maxCooldownMs`).
 *
 * State is per process: each process learns on its own that OpenAI is down, which costs at
 * most `failureThreshold` slow turns per process.
 */

export type BreakerState = "closed" | "open" | "half-open";

export interface CircuitBreakerOptions {
  readonly failureThreshold?: number;
  readonly cooldownMs?: number;
  readonly maxCooldownMs?: number;
  readonly now?: () => number;
}

export interface BreakerSnapshot {
  readonly state: BreakerState;
  readonly consecutiveFailures: number;
  /** How many times the breaker has opened since start. */
  readonly opened: number;
  /** Calls refused because the breaker was open. */
  readonly refused: number;
  /** When an open breaker lets a trial call through (ISO-8601), if open. */
  readonly retryAt?: string;
}

export class CircuitBreaker {
  private readonly failureThreshold: number;
  private readonly baseCooldownMs: number;
  private readonly maxCooldownMs: number;
  private readonly now: () => number;
  private failures = 0;
  private cooldownMs: number;
  private openUntil = 0;
  private trialStartedAt: number | null = null;
  private isOpen = false;
  private openedCount = 0;
  private refusedCount = 0;

  constructor(options: CircuitBreakerOptions = {}) {
    this.failureThreshold = options.failureThreshold ?? 3;
    this.baseCooldownMs = options.cooldownMs ?? 30_000;
    this.maxCooldownMs = options.maxCooldownMs ?? 5 * 60_000;
    this.cooldownMs = this.baseCooldownMs;
    this.now = options.now ?? Date.now;
  }

  get state(): BreakerState {
    if (!this.isOpen) return "closed";
    return this.now() >= this.openUntil ? "half-open" : "open";
  }

  /**
   * Asks to make a call. True when the call may go ahead; the caller must then report
   * {@link success} or {@link failure}. False when the breaker is open or a trial is in flight.
   */
  tryAcquire(): boolean {
    if (!this.isOpen) return true;
    const now = this.now();
    // A trial that never reported (a caller bug) must not keep the breaker shut for good.
    const trialInFlight = this.trialStartedAt !== null && now - this.trialStartedAt < this.baseCooldownMs;
    if (now < this.openUntil || trialInFlight) {
      this.refusedCount += 1;
      return false;
    }
    this.trialStartedAt = now;
    return true;
  }

  success(): void {
    this.failures = 0;
    this.isOpen = false;
    this.trialStartedAt = null;
    this.cooldownMs = this.baseCooldownMs;
  }

  failure(): void {
    this.failures += 1;
    if (this.isOpen) {
      // The half-open trial failed: wait longer before the next one.
      this.cooldownMs = Math.min(this.cooldownMs * 2, this.maxCooldownMs);
      this.open();
    } else if (this.failures >= this.failureThreshold) {
      this.open();
    }
  }

  snapshot(): BreakerSnapshot {
    const state = this.state;
    return {
      state,
      consecutiveFailures: this.failures,
      opened: this.openedCount,
      refused: this.refusedCount,
      ...(state === "open" ? { retryAt: new Date(this.openUntil).toISOString() } : {}),
    };
  }

  private open(): void {
    this.isOpen = true;
    this.openedCount += 1;
    this.trialStartedAt = null;
    this.openUntil = this.now() + this.cooldownMs;
  }
}
