import type { RequestHandler } from "express";
import type { Kv } from "../state/kv.js";
import { withTimeLimit } from "../util/time-limit.js";

/**
 * `GET /healthz`: 200 with the store kind when it answers, 503 when the configured store
 * is unreachable (a load balancer then stops sending traffic here). On a Redis Cluster every
 * master must answer and the cluster must report all slots served; the error names the node.
 */
export function healthRoute(kv: Kv, extra: () => Record<string, unknown> = () => ({})): RequestHandler {
  return async (_req, res) => {
    const started = Date.now();
    let reachable = true;
    let error: string | undefined;
    try {
      await withTimeLimit(kv.ping(), 1000, "ping timed out");
    } catch (err) {
      reachable = false;
      error = (err as Error).message;
    }
    res.status(reachable ? 200 : 503).json({
      status: reachable ? "ok" : "unavailable",
      store: { kind: kv.kind, ...(kv.topology ? { topology: kv.topology } : {}), reachable, latencyMs: Date.now() - started, ...(error ? { error } : {}) },
      ...extra(),
    });
  };
}
