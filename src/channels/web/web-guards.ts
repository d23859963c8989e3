import type { Config } from "../../config.js";
import type { Logger } from "../../logging/logger.js";
import type { SafetyScreen } from "../../safety/types.js";
import type { Kv } from "../../state/kv.js";
import type { Store } from "../../state/store.js";
import type { SocketOptions } from "../../botkit/clinic-web-adapter.js";
import { normaliseText } from "../../pipeline/normalise.js";
import { clientIp } from "../../http/client-ip.js";
import { OriginPolicy } from "../../http/origin-check.js";
import { MessageRateLimiter } from "../../http/rate-limit.js";
import type { WebRouteOptions } from "./web-routes.js";
import { loadWebHistory } from "./web-history.js";

/** The web channel's edge checks, shared by the webhook and the websocket. */
export interface WebGuards {
  /** ALLOWED_ORIGINS plus the bot's own origin. */
  readonly origins: OriginPolicy;
  readonly limiter: MessageRateLimiter;
  /** For `webRoutes`: the rate limit on `POST /api/messages`. */
  readonly webhook: WebRouteOptions;
  /** For `ClinicWebAdapter.createSocketServer`: the Origin check, the rate limit and history frames. */
  readonly socket: SocketOptions;
}

/**
 * Builds the Origin check and the per-visitor and per-IP rate limit from configuration.
 * The safety screen is consulted only to let a crisis message past the per-visitor limit.
 */
export function createWebGuards(deps: {
  config: Pick<Config, "ALLOWED_ORIGINS" | "publicBaseUrl" | "RATE_LIMIT_PER_MINUTE">;
  kv: Kv;
  store: Pick<Store, "transcripts" | "conversations">;
  safety: SafetyScreen;
  logger: Logger;
  /** Tests shorten the one-minute window. */
  rateWindowMs?: number;
}): WebGuards {
  const origins = new OriginPolicy(deps.config.ALLOWED_ORIGINS, deps.config.publicBaseUrl);
  const limiter = new MessageRateLimiter(deps.kv, {
    perMinute: deps.config.RATE_LIMIT_PER_MINUTE,
    isCrisis: (text) => deps.safety.screen(normaliseText(text)).kind === "crisis",
    logger: deps.logger,
    ...(deps.rateWindowMs ? { windowMs: deps.rateWindowMs } : {}),
  });
  return {
    origins,
    limiter,
    webhook: {
      admit: async (message, ip) => {
        const decision = await limiter.check({ visitorId: message.user, ip, text: message.text });
        return decision.kind === "allowed" ? { ok: true } : { ok: false, error: decision.message, retryAfterSeconds: decision.retryAfterSeconds };
      },
    },
    socket: {
      verifyClient: (info) => origins.allowsUpgrade(info),
      admit: async (message, req) => {
        const decision = await limiter.check({ visitorId: message.user, ip: clientIp(req), text: message.text });
        return decision.kind === "allowed" ? { ok: true } : { ok: false, error: decision.message };
      },
      history: (user) => loadWebHistory(deps.store, user),
    },
  };
}
