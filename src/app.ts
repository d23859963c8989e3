import { createServer, type Server } from "node:http";
import express from "express";
import { withTimeLimit } from "./util/time-limit.js";
import type { Config } from "./config.js";
import { connectKv } from "./state/connect-kv.js";
import type { Content } from "./content.js";
import { createLogger, type Logger } from "./logging/logger.js";
import type { Kv } from "./state/kv.js";
import { createStore, type Store } from "./state/store.js";
import { Spool } from "./state/spool.js";
import { applySpooledWrite, type SpooledWrite } from "./state/spooled-writes.js";
import type { Flow } from "./pipeline/dialog.js";
import type { CallLookup, TurnServices } from "./pipeline/context.js";
import { createTurnHandler, type TurnHandler } from "./pipeline/turn.js";
import { StateCache } from "./pipeline/state-cache.js";
import { HandoffService } from "./handoff/handoff-service.js";
import type { HandoffNotifier } from "./handoff/handoff-notifier.js";
import { staffAlerts } from "./handoff/staff-alert-notifier.js";
import { createBotHost, type BotHost } from "./botkit/bot-host.js";
import { webRoutes } from "./channels/web/web-routes.js";
import { webRules } from "./channels/web/web-rules.js";
import { WebSocketChannel } from "./channels/web/web-socket.js";
import { SocketRelay } from "./channels/web/socket-relay.js";
import { healthRoutes, operationalDetails } from "./http/health.js";
import { parseTrustProxy } from "./http/client-ip.js";
import { guardConnections, serverTimeoutOptions } from "./http/connection-guard.js";
import { securityHeaders } from "./http/security-headers.js";
import { errorHandler, notFound } from "./http/http-error.js";
import { sampleClinicPage } from "./http/sample-clinic-page.js";
import { OriginPolicy, originCheck } from "./http/origin-check.js";
import { MessageRateLimiter } from "./http/rate-limit.js";
import { widgetConfig, widgetRoutes } from "./channels/web/widget-route.js";
import { historyRoutes } from "./channels/web/history-route.js";
import { loadWebHistory } from "./channels/web/web-history.js";
import type { SmsSender } from "./domain/outbound.js";
import { smsRoutes } from "./channels/sms/sms-routes.js";
import { smsRules } from "./channels/sms/sms-rules.js";
import { smsWording } from "./channels/sms/sms-wording.js";
import { createSmsSender } from "./channels/sms/create-sms-sender.js";
import { createLlmLayer, type LlmLayer } from "./llm/llm-layer.js";
import { ChannelMessenger } from "./channels/channel-messenger.js";
import { HandoffDesk } from "./handoff/handoff-desk.js";
import { consoleRoutes } from "./console/console-routes.js";
import { ConsoleFeed, consoleFeedState } from "./console/console-feed.js";
import { CallDesk } from "./flows/booking/call-desk.js";
import { bootstrapStaffAccount } from "./console/auth/staff-account-setup.js";
import type { SchedulingAdapter } from "./scheduling/scheduling-adapter.js";
import { createScheduler } from "./scheduling/create-scheduler.js";
import { ReminderQueue } from "./scheduling/reminders/reminder-queue.js";
import { BookingLedger } from "./scheduling/booking-ledger.js";
import { BookingAlerts } from "./scheduling/booking-alerts.js";
import { ReminderWorker } from "./scheduling/reminders/reminder-worker.js";
import { BookingFlow } from "./flows/booking/booking-flow.js";
import { Insights } from "./insights/insights.js";
import { bookingText } from "./flows/booking/booking-text.js";

export type { Content } from "./content.js";

/** History reads per visitor per minute (a reload reads once; the widget's fallback polls slowly). */
const HISTORY_PER_MINUTE = 20;
/** How often spooled writes are retried against the store. */
const SPOOL_REPLAY_MS = 3000;

/** Test and embedding seams: replace a part without touching the rest. */
export interface AppOverrides {
  readonly kv?: Kv;
  readonly logger?: Logger;
  readonly now?: () => Date;
  /** An extra staff alert channel (tests record alerts with it); counts as a configured channel. */
  readonly notifier?: HandoffNotifier;
  /** Proactive texts (tests pass a recording sender). */
  readonly sms?: SmsSender;
  /** The consult calendar (default: built from SCHEDULER). */
  readonly scheduler?: SchedulingAdapter;
  /** How often spooled writes are retried (tests shorten it). */
  readonly spoolReplayMs?: number;
}

export interface App {
  /** Proactive texts (confirmations, reminders, staff replies and alerts); `disabled` when Twilio is not configured. */
  readonly sms: SmsSender;
  readonly config: Config;
  readonly server: Server;
  readonly store: Store;
  readonly services: TurnServices;
  readonly turn: TurnHandler;
  readonly host: BotHost;
  /** This process's web chat sockets (staff replies and tests deliver frames through them). */
  readonly sockets: WebSocketChannel;
  readonly logger: Logger;
  readonly llm: LlmLayer;
  /** Crisis writes the store could not take, waiting for it. */
  readonly spool: Spool<SpooledWrite>;
  /** Sends due consult reminders (started with the app, stopped by close()). */
  readonly reminderWorker: ReminderWorker;
  readonly scheduler: SchedulingAdapter;
  readonly insights: Insights;
  /** Listens on config.PORT (0 picks a free port); resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops accepting, finishes turns in flight, closes sockets and the store. */
  close(): Promise<void>;
}

/** Logs an error for every staff alert number that texted STOP (the carrier may refuse texts to it). */
async function warnAboutAlertNumbers(numbers: readonly string[], store: Store, logger: Logger): Promise<void> {
  for (const number of numbers) {
    const record = await store.optOuts.get(number).catch(() => null);
    if (record) logger.error({ to: number, since: record.at }, "STAFF ALERT NUMBER TEXTED STOP: alerts are still sent, but the carrier may block them. Text START from it.");
  }
}

/** TWILIO_KEYWORDS as the SMS rules name it. */
function twilioHandling(setting: Config["TWILIO_KEYWORDS"]): "twilioDefault" | "advancedOptOut" | "none" {
  return setting === "advanced-opt-out" ? "advancedOptOut" : setting === "none" ? "none" : "twilioDefault";
}

/** The pipeline and what it needs, without any channel or server (the terminal chat uses this). */
export interface Core {
  /** Proactive texts through Twilio; a sender that only logs when Twilio is not configured. */
  readonly sms: SmsSender;
  readonly logger: Logger;
  readonly kv: Kv;
  readonly store: Store;
  readonly spool: Spool<SpooledWrite>;
  readonly services: TurnServices;
  readonly turn: TurnHandler;
  /** The optional OpenAI layer (no-ops unless OPENAI_API_KEY is set). */
  readonly llm: LlmLayer;
  /** The consult calendar (SCHEDULER) and the reminder texts waiting to go out. */
  readonly scheduler: SchedulingAdapter;
  readonly reminders: ReminderQueue;
  /** What staff see of bookings (the console's Bookings page). */
  readonly ledger: BookingLedger;
  /** Turn events, daily counters, proposals and the approved phrasings every process learns (src/insights/). */
  readonly insights: Insights;
}

export async function createCore(config: Config, content: Content, overrides: AppOverrides = {}): Promise<Core> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const kv = overrides.kv ?? (await connectKv(config, logger));
  const store = createStore(kv, { retentionDays: config.TRANSCRIPT_RETENTION_DAYS, auditRetentionDays: config.AUDIT_RETENTION_DAYS, staffSessionIdleMinutes: config.STAFF_SESSION_IDLE_MINUTES });
  const now = overrides.now ?? (() => new Date());
  const sms = overrides.sms ?? createSmsSender(config, { kv, retentionMs: store.retentionMs, clinicName: content.clinic.name, logger, now });
  const spool = new Spool<SpooledWrite>({ dir: config.spoolDir, logger, now });
  spool.start((entry) => applySpooledWrite(store, entry), overrides.spoolReplayMs ?? SPOOL_REPLAY_MS);
  // Staff are alerted by SMS (STAFF_ALERT_NUMBERS) and webhook (STAFF_ALERT_WEBHOOK_URL); a log line is always written.
  const alerts = staffAlerts(config, sms, logger, overrides.notifier ? [overrides.notifier] : []);
  if (!alerts.configured) logger.warn("no staff alert channel configured (STAFF_ALERT_NUMBERS, STAFF_ALERT_WEBHOOK_URL): crisis replies will not say staff were alerted");
  const handoffs = new HandoffService({ repo: store.handoffs, alerts, logger, consoleBaseUrl: config.publicBaseUrl, now, spool });
  const flows = new Map<string, Flow>();
  const scheduler = overrides.scheduler ?? createScheduler(config, content.clinic, kv, logger, now);
  const reminders = new ReminderQueue(kv);
  const ledger = new BookingLedger(kv, store.retentionMs, now);
  if (config.BOOKING_ALERTS === "on") {
    const bookingAlerts = new BookingAlerts({
      sms,
      numbers: config.STAFF_ALERT_NUMBERS,
      webhookUrl: config.STAFF_ALERT_WEBHOOK_URL,
      clinicZone: content.clinic.timeZone,
      callListUrl: `${config.publicBaseUrl}/staff/bookings`,
      logger,
    });
    ledger.onChange((change) => void bookingAlerts.onChange(change));
  }
  const booking = new BookingFlow({ scheduler, reminders, sms, ledger, holdsPerHour: config.BOOKING_HOLDS_PER_HOUR });
  for (const intent of ["book", "reschedule", "cancel"]) flows.set(intent, booking);
  const namesOf = async (conversationId: string) => (await store.conversations.load(conversationId))?.names ?? [];
  const llm = createLlmLayer(config, { kv, transcripts: store.transcripts, retentionMs: store.retentionMs, kb: content.kb, clinic: content.clinic, logger, now, namesOf });
  const limiter = new MessageRateLimiter(kv, { perMinute: config.RATE_LIMIT_PER_MINUTE, logger });
  const rules = {
    web: webRules(limiter),
    sms: smsRules({
      optOuts: store.optOuts,
      wording: smsWording(content.wording),
      logger,
      now,
      spool,
      handling: twilioHandling(config.TWILIO_KEYWORDS),
      bookedCall: { find: (message) => calls.find(message) },
      flagStaff: (request) => handoffs.open(request),
      clinicZone: content.clinic.timeZone,
    }),
  };
  const calls: CallLookup = {
    async find(message) {
      // By SMS the sender's number finds the call wherever it was booked; on the web, this conversation's booking.
      if (message.channel === "sms") {
        const found = await scheduler.findByPhone(message.senderId);
        const next = found.kind === "found" ? found.bookings.filter((b) => Date.parse(b.start) > now().getTime()).sort((a, b) => a.start.localeCompare(b.start))[0] : undefined;
        return next ? { start: next.start, timeZone: next.timeZone } : null;
      }
      const summary = await ledger.findByConversation(message.conversationId);
      if (!summary || summary.status === "cancelled" || Date.parse(summary.startsAt) <= now().getTime()) return null;
      // The booking itself knows the person's time zone; the clinic's is the fallback.
      const booking = await scheduler.getBooking(summary.id).catch(() => null);
      return { start: summary.startsAt, timeZone: booking?.kind === "found" ? booking.booking.timeZone : content.clinic.timeZone };
    },
  };
  const insights = await Insights.start({ kv, config, content, logger, now });
  const services: TurnServices = {
    ...content,
    insights: insights.recorder,
    calls,
    store,
    handoffs,
    logger,
    now,
    flows,
    rules,
    spool,
    stateCache: new StateCache(),
    router: llm.router,
    crisisSignal: llm.crisisSignal,
  };
  return { logger, kv, store, spool, services, sms, turn: createTurnHandler(services), llm, scheduler, reminders, ledger, insights };
}

/** Builds the whole bot: store, pipeline, botkit host, channels and HTTP routes. */
export async function createApp(config: Config, content: Content, overrides: AppOverrides = {}): Promise<App> {
  const { logger, kv, store, spool, services, sms, turn, llm, scheduler, reminders, ledger, insights } = await createCore(config, content, overrides);
  const reminderWorker = new ReminderWorker({
    queue: reminders,
    scheduler,
    sms,
    logger,
    now: services.now,
    textOf: (r) => bookingText(content.wording[r.language]).reminderSms(r.start, r.timeZone, r.phone),
  });
  // Every process polls; each reminder is claimed before it is sent, so it goes out once.
  reminderWorker.start();

  // Every channel translates its request into one InboundMessage and runs it through the host.
  const host = createBotHost(turn);
  const origins = new OriginPolicy(config.publicBaseUrl);
  const trust = parseTrustProxy(config.TRUST_PROXY);
  const historyLimiter = new MessageRateLimiter(kv, { perMinute: HISTORY_PER_MINUTE, counter: "history", logger });
  const sockets = new WebSocketChannel({
    run: host.run,
    verifyOrigin: (info) => origins.allowsUpgrade(info),
    history: (user) => loadWebHistory(store, user),
    historyLimiter,
    greeting: content.phrases.greeting.web,
    logger,
    trustProxy: trust,
  });

  const web = express();
  web.disable("x-powered-by");
  // No automatic ETag (a SHA-1 of every body): chat replies are no-store, and the widget and the
  // console's static files set their own.
  web.set("etag", false);
  web.set("trust proxy", trust);
  web.use(securityHeaders({ https: config.publicBaseUrl.startsWith("https:") || config.NODE_ENV === "production" }));
  const healthOptions = { spool, extra: () => llm.health() };
  web.use(healthRoutes(kv, healthOptions));
  web.get("/", sampleClinicPage(content.clinic, config.publicBaseUrl));
  web.use(await widgetRoutes(widgetConfig(content.clinic, content.wording, logger), config.ALLOWED_ORIGINS));
  web.use("/api", originCheck(origins));
  web.use(historyRoutes(store, historyLimiter));
  web.use(webRoutes(host.run));
  web.use(
    smsRoutes({
      authToken: config.TWILIO_AUTH_TOKEN,
      accountSid: config.TWILIO_ACCOUNT_SID,
      publicBaseUrl: config.publicBaseUrl,
      run: host.run,
      store,
      phrases: content.phrases,
      clinic: content.clinic,
      logger,
      now: services.now,
    }),
  );
  // Staff replies reach a web visitor on whichever process holds their socket (Redis pub/sub).
  const relay = new SocketRelay(kv, sockets, logger);
  relay.start();
  const messenger = new ChannelMessenger(sms, (user, frame) => relay.deliver(user, frame));
  const desk = new HandoffDesk(store, messenger, logger, services.now);
  const calls = new CallDesk({ scheduler, reminders, ledger, messenger, sms, store, wording: content.wording, clinic: content.clinic, logger, now: services.now });
  const feed = new ConsoleFeed(() => consoleFeedState(store, ledger, content.clinic.timeZone, services.now()), logger);
  ledger.onChange(() => feed.poke());
  web.use(
    "/staff",
    consoleRoutes({
      store,
      desk,
      clinic: content.clinic,
      logger,
      now: services.now,
      secureCookies: config.publicBaseUrl.startsWith("https:"),
      idleMinutes: config.STAFF_SESSION_IDLE_MINUTES,
      ...(llm.summaries.enabled ? { summaries: llm.summaries } : {}),
      bookings: ledger,
      calls,
      feed,
      insights: insights.consoleDeps(store),
      operations: () => operationalDetails(kv, healthOptions),
    }),
  );
  web.use(notFound);
  web.use(errorHandler(logger));

  // On a fresh install the first console account comes from the environment (the password is never logged).
  await bootstrapStaffAccount(store.staff, { email: config.STAFF_BOOTSTRAP_EMAIL, password: config.STAFF_BOOTSTRAP_PASSWORD }, logger, services.now(), store.audit).catch((err: unknown) =>
    logger.error({ err }, "first staff account not created: the store did not answer"),
  );

  // An on-call number that once texted STOP is on the patient opt-out list; alerts ignore that list,
  // but the carrier may still block it: say so at start-up.
  void warnAboutAlertNumbers(config.STAFF_ALERT_NUMBERS, store, logger);

  const server = createServer(serverTimeoutOptions(config.HTTP_HEADERS_TIMEOUT_MS), web);
  guardConnections(server, { maxPerAddress: config.MAX_CONNECTIONS_PER_IP, trust, logger });
  sockets.attach(server);

  let closing: Promise<void> | undefined;
  return {
    config,
    server,
    store,
    services,
    turn,
    host,
    sockets,
    logger,
    sms,
    llm,
    spool,
    reminderWorker,
    scheduler,
    insights,
    listen: () =>
      new Promise<number>((resolve, reject) => {
        server.once("error", reject);
        server.listen(config.PORT, config.HOST, () => {
          const address = server.address();
          resolve(typeof address === "object" && address ? address.port : config.PORT);
        });
      }),
    close: () =>
      (closing ??= (async () => {
        const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await sockets.close();
        // In-flight turns finish; a turn stuck on a hanging store is abandoned so shutdown stays under 10 s.
        await withTimeLimit(host.drain(), 8000, "turns still running at shutdown").catch((err: unknown) => logger.warn({ err }, "shutdown did not wait for every turn"));
        server.closeAllConnections();
        await stopped;
        feed.stop();
        await reminderWorker.stop();
        await relay.stop().catch(() => undefined);
        await spool.stop();
        await insights.stop();
        await kv.close();
      })()),
  };
}
