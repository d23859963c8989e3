import type { Step } from "../compose.js";
import type { TurnContext } from "../context.js";

/**
 * Gives the message to the active dialog first. When the dialog says the message is not
 * for it (an FAQ question mid-booking), the rest of the pipeline answers it and the
 * dialog adds a line to pick up where it was.
 */
export const activeDialog: Step<TurnContext> = async (ctx, next) => {
  const active = ctx.state.dialog;
  const flow = active ? [...ctx.services.flows.values()].find((f) => f.name === active.name) : undefined;
  if (!active || !flow) {
    if (active) ctx.state.dialog = null; // a dialog this version no longer knows: drop it
    return next();
  }
  if ((await flow.continue(ctx)) === "handled") {
    ctx.state.misses = 0;
    return;
  }
  await next();
  // Still active after the interruption (and not replaced by a handoff or another dialog)?
  if (ctx.state.dialog?.name === flow.name) {
    const resume = flow.resume(ctx);
    if (resume) ctx.replies.push(resume);
  }
};
