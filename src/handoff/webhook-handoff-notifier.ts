import type { Handoff } from "../domain/handoff.js";
import type { HandoffNotifier } from "./handoff-notifier.js";
import { handoffAlertText } from "./handoff-alert-text.js";

/** Longest wait for the chat service before the alert counts as failed. */
const TIMEOUT_MS = 5000;

/**
 * Posts `{"text": "..."}` to a Slack-compatible incoming webhook (STAFF_ALERT_WEBHOOK_URL;
 * Mattermost, Rocket.Chat and Teams workflows accept the same). One attempt: a retry
 * after a timeout could post the alert twice.
 */
export class WebhookHandoffNotifier implements HandoffNotifier {
  readonly channel = "webhook";
  constructor(
    private readonly url: string,
    private readonly timeoutMs = TIMEOUT_MS,
  ) {}

  async notify(handoff: Handoff, consoleUrl: string): Promise<void> {
    const res = await fetch(this.url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ text: handoffAlertText(handoff, consoleUrl) }),
      signal: AbortSignal.timeout(this.timeoutMs),
      redirect: "error",
    });
    // The body is drained so the connection is reused; its content does not matter.
    await res.arrayBuffer().catch(() => undefined);
    // The URL carries the webhook's secret, so it is never part of the error.
    if (!res.ok) throw new Error(`staff alert webhook answered HTTP ${res.status}`);
  }
}
