import express, { type Router } from "express";
import type { Kv } from "../state/kv.js";
import { withTimeLimit } from "../util/time-limit.js";

/** How long a health check waits for the store. */
const PING_BUDGET_MS = 1000;

export interface HealthOptions {
  /** Writes waiting in the local spool (they reach the store when it answers again): staff-only details. */
  readonly spool?: { pending(): Promise<number> };
  /** More to show to staff only (OpenAI settings, breakers, calls and tokens). */
  readonly extra?: () => Record<string, unknown>;
}

/**
 * The operational details that used to be in /healthz (spooled writes, OpenAI model, breaker
 * states, call and token counters), for signed-in staff only (`GET /staff/health.json`).
 */
export async function operationalDetails(kv: Kv, options: HealthOptions): Promise<Record<string, unknown>> {
  const spooled = await options.spool?.pending().catch(() => undefined);
  return { store: { kind: kv.kind, ...(kv.topology ? { topology: kv.topology } : {}) }, ...(spooled !== undefined ? { spooled } : {}), ...(options.extra?.() ?? {}) };
}

/**
 * `GET /healthz` (liveness): 200 whenever this process can answer, with the store's state in
 * the body. A stalled or lost Redis does not make it fail: the bot still answers crisis
 * messages without the store, and a load balancer must not take every instance out during a
 * Redis stall. Restart a process only when this stops answering.
 *
 * `GET /readyz` (readiness): 200 when the store answers, 503 when it does not. Use it to keep
 * a new or cut-off instance out of rotation while others can serve, never to restart.
 */
export function healthRoutes(kv: Kv, _options: HealthOptions = {}): Router {
  const router = express.Router();
  const probe = async () => {
    const started = Date.now();
    try {
      await withTimeLimit(kv.ping(), PING_BUDGET_MS, "ping timed out");
      return { kind: kv.kind, ...(kv.topology ? { topology: kv.topology } : {}), reachable: true, latencyMs: Date.now() - started };
    } catch (err) {
      // On a Redis Cluster every master must answer and serve its slots; the error names the node.
      return { kind: kv.kind, ...(kv.topology ? { topology: kv.topology } : {}), reachable: false, latencyMs: Date.now() - started, error: (err as Error).message };
    }
  };
  // Liveness and the store's reachability only: OpenAI settings and counters are for staff (operationalDetails).
  router.get("/healthz", async (_req, res) => {
    const store = await probe();
    res.set("Cache-Control", "no-store").json({ status: store.reachable ? "ok" : "degraded", store });
  });
  router.get("/readyz", async (_req, res) => {
    const store = await probe();
    res.set("Cache-Control", "no-store").status(store.reachable ? 200 : 503).json({ status: store.reachable ? "ready" : "unavailable", store });
  });
  return router;
}
