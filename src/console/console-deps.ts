import type { ClinicProfile } from "../clinic/profile.js";
import type { HandoffDesk } from "../flows/handoff/handoff-desk.js";
import type { Logger } from "../logging/logger.js";
import type { Store } from "../state/store.js";
import type { BookingLookup } from "./booking-lookup.js";
import type { SummaryLookup } from "./summary-lookup.js";

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
  /** Operational details for staff (`/staff/health.json`): spooled writes, OpenAI settings and counters. */
  readonly operations?: () => Promise<Record<string, unknown>>;
  /** Machine-written summaries, when OPENAI_SUMMARIES is on. */
  readonly summaries?: SummaryLookup;
}
