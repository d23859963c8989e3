import type { ClinicProfile } from "../clinic/profile.js";
import type { HandoffDesk } from "../handoff/handoff-desk.js";
import type { Logger } from "../logging/logger.js";
import type { Store } from "../state/store.js";
import type { BookingLookup } from "../scheduling/booking-lookup.js";
import type { CallDesk } from "../flows/booking/call-desk.js";
import type { ConsoleFeed } from "./console-feed.js";
import type { SummaryLookup } from "./summary-lookup.js";
import type { InsightsConsoleDeps } from "../insights/insights-deps.js";

/** What the staff console needs; built in app.ts. */
export interface ConsoleDeps {
  readonly store: Store;
  readonly desk: HandoffDesk;
  readonly clinic: ClinicProfile;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Cookies get the Secure flag (PUBLIC_BASE_URL is https). */
  readonly secureCookies: boolean;
  /** STAFF_SESSION_IDLE_MINUTES, for the "signed out" message. */
  readonly idleMinutes: number;
  /** Bookings, once the booking store is connected. */
  readonly bookings?: BookingLookup;
  /** Cancel and move consult calls from the call list, once the calendar is connected. */
  readonly calls?: CallDesk;
  /** Live updates for open console pages (server-sent events). */
  readonly feed?: ConsoleFeed;
  /** Operational details for staff (`/staff/health.json`): spooled writes, OpenAI settings and counters. */
  readonly operations?: () => Promise<Record<string, unknown>>;
  /** Machine-written summaries, when OPENAI_SUMMARIES is on. */
  readonly summaries?: SummaryLookup;
  /** Insights, unanswered questions and the clinician review queue (src/insights/). */
  readonly insights?: InsightsConsoleDeps;
}
