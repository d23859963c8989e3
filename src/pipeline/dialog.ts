import type { Reply } from "../domain/message.js";
import type { TurnContext } from "./context.js";

/** Whether an active dialog took the person's message. */
export type FlowOutcome = "handled" | "notMine";

/**
 * A multi-turn dialog (booking, rescheduling, cancelling). Flows are plain code over
 * interfaces: they read and write `ctx.state.dialog` and push replies; the pipeline saves.
 */
export interface Flow {
  /** Matches `ctx.state.dialog.name` while the flow is active. */
  readonly name: string;
  /** Starts the dialog for an intent such as `book`, `reschedule` or `cancel`. */
  start(ctx: TurnContext, intent: string): Promise<void>;
  /**
   * Continues the active dialog. Returns `notMine` when the message is something else
   * (an FAQ question mid-booking), so the pipeline answers it and then calls {@link resume}.
   */
  continue(ctx: TurnContext): Promise<FlowOutcome>;
  /** A short line that picks the dialog up again after an interruption, or null. */
  resume(ctx: TurnContext): Reply | null;
  /** Ends the dialog without finishing it (a safety check-in came first), releasing what it holds. */
  abandon(ctx: TurnContext): Promise<void>;
}
