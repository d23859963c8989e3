import type { SmsSender } from "../../domain/outbound.js";
import type { Logger } from "../../logging/logger.js";
import type { SchedulingAdapter } from "../scheduling-adapter.js";
import type { Reminder, ReminderQueue } from "./reminder-queue.js";

export interface ReminderWorkerOptions {
  queue: ReminderQueue;
  scheduler: SchedulingAdapter;
  sms: SmsSender;
  logger: Logger;
  now?: () => Date;
  /** How often to look for due reminders. */
  intervalMs?: number;
  /**
   * The reminder's text in its language (`booking.reminderSms` in wording/<language>.yaml). It
   * names no drug and no clinic (a lock screen may be seen by others) and never says "reply
   * CANCEL" (carriers treat a bare CANCEL as an opt-out from all texts).
   */
  textOf: (reminder: Reminder) => string;
}

/**
 * Sends due reminder texts. Every process may run one: each reminder is claimed before it is
 * sent, and the booking is checked again first, so a cancelled or moved call sends nothing.
 */
export class ReminderWorker {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: ReminderWorkerOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 15_000);
    this.timer.unref();
  }

  /**
   * Stops polling and waits for a tick in progress, but not for ever: a hanging store must
   * not hold up shutdown (an unfinished claim lapses and another process sends the reminder).
   */
  async stop(maxWaitMs = 2000): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!this.running) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise<void>((resolve) => (timer = setTimeout(resolve, maxWaitMs)))]);
    clearTimeout(timer);
  }

  /** One poll: sends every reminder due now. Returns how many texts were sent. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    let sent = 0;
    this.running = (async () => {
      try {
        for (const reminder of await this.options.queue.due(this.now())) {
          if (await this.handle(reminder)) sent++;
        }
      } catch (err) {
        this.options.logger.warn({ err }, "reminders: poll failed");
      }
    })();
    await this.running;
    this.running = undefined;
    return sent;
  }

  private async handle(reminder: Reminder): Promise<boolean> {
    const { queue, scheduler, sms, logger } = this.options;
    if (!(await queue.claim(reminder))) return false;
    if (Date.parse(reminder.start) <= this.now().getTime()) {
      await queue.done(reminder, this.now()); // the call already began (the bot was down): too late to remind
      return false;
    }
    const current = await scheduler.getBooking(reminder.bookingId);
    if (current.kind === "unavailable") {
      await queue.release(reminder);
      return false;
    }
    if (current.kind === "notFound" || current.booking.start !== reminder.start) {
      await queue.done(reminder, this.now());
      return false;
    }
    const body = this.options.textOf(reminder);
    const outcome = await sms.send(reminder.to, body, "reminder");
    await queue.done(reminder, this.now());
    if (outcome.kind === "sent") return true;
    logger.warn({ bookingId: reminder.bookingId, outcome: outcome.kind }, "reminders: text not sent");
    return false;
  }
}
