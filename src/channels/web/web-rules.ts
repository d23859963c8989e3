import type { InboundMessage } from "../../domain/message.js";
import type { ChannelRules, RuleOutcome } from "../../pipeline/channel-rules.js";
import type { SafetyVerdict } from "../../safety/types.js";
import type { MessageRateLimiter } from "../../http/rate-limit.js";

/**
 * The web channel's rules: messages per visitor and per address (RATE_LIMIT_PER_MINUTE). The
 * pipeline runs them after the safety verdict, so a crisis never meets them; a possible-risk
 * message is not counted either (its check-in must go out).
 */
export function webRules(limiter: MessageRateLimiter): ChannelRules {
  return {
    async admit(message: InboundMessage, verdict: SafetyVerdict): Promise<RuleOutcome> {
      if (verdict.kind === "risk") return { kind: "continue" };
      const decision = await limiter.check({ visitorId: message.senderId, ip: message.clientIp });
      return decision.kind === "allowed" ? { kind: "continue" } : { kind: "refused", reason: decision.message, retryAfterSeconds: decision.retryAfterSeconds };
    },
  };
}
