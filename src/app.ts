import { createServer, type Server } from "node:http";
import { withTimeLimit } from "./util/time-limit.js";
import express from "express";
import type { Config } from "./config.js";
import type { ClinicProfile } from "./clinic/profile.js";
import { createLogger, type Logger } from "./logging/logger.js";
import type { Kv } from "./state/kv.js";
import { MemoryKv } from "./state/memory/memory-kv.js";
import { RedisKv } from "./state/redis/redis-kv.js";
import { createStore, type Store } from "./state/store.js";
import type { KnowledgeBase, Matcher } from "./knowledge/types.js";
import type { SafetyScreen } from "./safety/types.js";
import type { Templates } from "./templates.js";
import type { Flow } from "./flows/flow.js";
import type { TurnServices } from "./pipeline/context.js";
import { createTurnHandler, type TurnHandler } from "./pipeline/turn.js";
import { HandoffService } from "./flows/handoff/handoff-service.js";
import type { HandoffNotifier } from "./flows/handoff/handoff-notifier.js";
import { ClinicWebAdapter } from "./botkit/clinic-web-adapter.js";
import { createBotHost, type BotHost, type ChannelBinding } from "./botkit/bot-host.js";
import { webBinding } from "./channels/web/web-binding.js";
import { webRoutes } from "./channels/web/web-routes.js";
import { SocketRelay } from "./channels/web/socket-relay.js";
import { healthRoute } from "./http/health.js";
import { errorHandler, notFound } from "./http/http-error.js";
import { sampleClinicPage } from "./http/sample-clinic-page.js";
import { originCheck } from "./http/origin-check.js";
import { widgetConfig, widgetRoute } from "./channels/web/widget-route.js";
import { historyRoutes } from "./channels/web/history-route.js";
import { createWebGuards } from "./channels/web/web-guards.js";
import type { SmsSender } from "./domain/outbound.js";
import { TwilioSmsAdapter } from "./botkit/twilio-sms-adapter.js";
import { smsBinding } from "./channels/sms/sms-binding.js";
import { smsRoutes } from "./channels/sms/sms-routes.js";
import { createSmsSender } from "./channels/sms/create-sms-sender.js";
import { createLlmLayer, type LlmLayer } from "./llm/llm-layer.js";
import { staffAlertNotifier } from "./flows/handoff/staff-alert-notifier.js";
import { ChannelMessenger } from "./flows/handoff/channel-messenger.js";
import { HandoffDesk } from "./flows/handoff/handoff-desk.js";
import { consoleRoutes } from "./console/console-routes.js";
import { bootstrapStaffAccount } from "./console/auth/staff-account-setup.js";
import type { SchedulingAdapter } from "./scheduling/scheduling-adapter.js";
import { createScheduler } from "./scheduling/create-scheduler.js";
import { ReminderQueue } from "./scheduling/reminders/reminder-queue.js";
import { BookingLedger } from "./scheduling/booking-ledger.js";
import { ReminderWorker } from "./scheduling/reminders/reminder-worker.js";
import { BookingFlow } from "./flows/booking/booking-flow.js";

/** The parts of the bot that are not derived from configuration: knowledge, safety and wording. */
export interface Content {
  readonly clinic: ClinicProfile;
  readonly kb: KnowledgeBase;
  readonly matcher: Matcher;
  readonly safety: SafetyScreen;
  /** Every fixed sentence; the pipeline sees the Phrases part, channels the rest (SMS HELP...). */
  readonly phrases: Templates;
}

/** Test and embedding seams: replace a part without touching the rest. */
export interface AppOverrides {
  readonly kv?: Kv;
  readonly logger?: Logger;
  readonly now?: () => Date;
  readonly notifier?: HandoffNotifier;
  /** Proactive texts (tests pass a recording sender). */
  readonly sms?: SmsSender;
  /** The consult calendar (default: built from SCHEDULER). */
  readonly scheduler?: SchedulingAdapter;
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
  readonly logger: Logger;
  readonly llm: LlmLayer;
  /** Sends due consult reminders (started with the app, stopped by close()). */
  readonly reminderWorker: ReminderWorker;
  readonly scheduler: SchedulingAdapter;
  /** Listens on config.PORT (0 picks a free port); resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops accepting, finishes turns in flight, closes sockets and the store. */
  close(): Promise<void>;
}

/** Connects the store chosen by configuration: Redis (one server or a cluster) when REDIS_URL is set, memory otherwise. */
export async function connectKv(config: Config, logger: Logger): Promise<Kv> {
  if (!config.redis) return new MemoryKv();
  return RedisKv.connect({ url: config.redis.urls, cluster: config.redis.cluster, prefix: config.REDIS_KEY_PREFIX, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS, logger });
}

/** The pipeline and what it needs, without any channel or server (the terminal chat uses this). */
export interface Core {
  /** Proactive texts through Twilio; a sender that only logs when Twilio is not configured. */
  readonly sms: SmsSender;
  readonly logger: Logger;
  readonly kv: Kv;
  readonly store: Store;
  readonly services: TurnServices;
  readonly turn: TurnHandler;
  /** The optional OpenAI layer (no-ops unless OPENAI_API_KEY is set). */
  readonly llm: LlmLayer;
  /** The consult calendar (SCHEDULER) and the reminder texts waiting to go out. */
  readonly scheduler: SchedulingAdapter;
  readonly reminders: ReminderQueue;
  /** What staff see of bookings (the console's Bookings page). */
  readonly ledger: BookingLedger;
}

export async function createCore(config: Config, content: Content, overrides: AppOverrides = {}): Promise<Core> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const kv = overrides.kv ?? (await connectKv(config, logger));
  const store = createStore(kv, { retentionDays: config.TRANSCRIPT_RETENTION_DAYS, staffSessionIdleMinutes: config.STAFF_SESSION_IDLE_MINUTES });
  const now = overrides.now ?? (() => new Date());
  const sms = overrides.sms ?? createSmsSender(config, { kv, retentionMs: store.retentionMs, clinicName: content.clinic.name, logger, now });
  // Staff are alerted by log, SMS (STAFF_ALERT_NUMBERS) and webhook (STAFF_ALERT_WEBHOOK_URL).
  const handoffs = new HandoffService(store.handoffs, overrides.notifier ?? staffAlertNotifier(config, sms, logger), logger, config.publicBaseUrl, now);
  const flows = new Map<string, Flow>();
  const scheduler = overrides.scheduler ?? createScheduler(config, content.clinic, kv, logger, now);
  const reminders = new ReminderQueue(kv);
  const ledger = new BookingLedger(kv, store.retentionMs, now);
  const booking = new BookingFlow({ scheduler, reminders, sms, ledger });
  for (const intent of ["book", "reschedule", "cancel"]) flows.set(intent, booking);
  const llm = createLlmLayer(config, { kv, transcripts: store.transcripts, retentionMs: store.retentionMs, kb: content.kb, clinic: content.clinic, logger, now });
  const services: TurnServices = { ...content, store, handoffs, logger, now, flows, router: llm.router, crisisSignal: llm.crisisSignal };
  return { logger, kv, store, services, sms, turn: createTurnHandler(services), llm, scheduler, reminders, ledger };
}

/** Builds the whole bot: store, pipeline, botkit host, channels and HTTP routes. */
export async function createApp(config: Config, content: Content, overrides: AppOverrides = {}): Promise<App> {
  const { logger, kv, store, services, sms, turn, llm, scheduler, reminders, ledger } = await createCore(config, content, overrides);
  const reminderWorker = new ReminderWorker({ queue: reminders, scheduler, sms, clinicPhone: content.clinic.phone, logger, now: services.now });
  // Every process polls; each reminder is claimed before it is sent, so it goes out once.
  reminderWorker.start();

  const webAdapter = new ClinicWebAdapter(logger);
  const bindings = new Map<string, ChannelBinding>([
    ["webhook", webBinding],
    ["websocket", webBinding],
    ["twilio-sms", smsBinding],
  ]);
  const host = createBotHost({ adapter: webAdapter, kv, logger, turn, bindings, stateTtlMs: store.retentionMs });

  const web = express();
  web.disable("x-powered-by");
  web.set("trust proxy", "loopback");
  web.get("/healthz", healthRoute(kv, () => llm.health()));
  // The web widget: Origin check and CORS on its endpoints, rate limits per visitor and per IP.
  const guards = createWebGuards({ config, kv, store, safety: content.safety, logger });
  web.get("/", sampleClinicPage(content.clinic, config.publicBaseUrl));
  web.get("/widget.js", await widgetRoute(widgetConfig(content.clinic, content.phrases.menuChoices, logger)));
  web.use(["/api/messages", "/api/history"], originCheck(guards.origins));
  web.use(historyRoutes(store));
  web.use(webRoutes(webAdapter, host, guards.webhook));
  web.use(
    smsRoutes({
      authToken: config.TWILIO_AUTH_TOKEN,
      accountSid: config.TWILIO_ACCOUNT_SID,
      publicBaseUrl: config.publicBaseUrl,
      adapter: new TwilioSmsAdapter(),
      host,
      services,
    }),
  );
  // Staff replies reach a web visitor on whichever process holds their socket (Redis pub/sub).
  const relay = new SocketRelay(kv, webAdapter, logger);
  relay.start();
  const desk = new HandoffDesk(store, new ChannelMessenger(sms, (user, frame) => relay.deliver(user, frame)), logger, services.now);
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
    }),
  );
  web.use(notFound);
  web.use(errorHandler(logger));

  // On a fresh install the first console account comes from the environment (the password is never logged).
  await bootstrapStaffAccount(store.staff, { email: config.STAFF_BOOTSTRAP_EMAIL, password: config.STAFF_BOOTSTRAP_PASSWORD }, logger, services.now());

  const server = createServer(web);
  webAdapter.createSocketServer(server, guards.socket, host.logic);

  let closing: Promise<void> | undefined;
  return {
    config,
    server,
    store,
    services,
    turn,
    host,
    logger,
    sms,
    llm,
    reminderWorker,
    scheduler,
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
        await webAdapter.closeSockets();
        // In-flight turns finish; a turn stuck on a hanging store is abandoned so shutdown stays under 10 s.
        await withTimeLimit(host.drain(), 8000, "turns still running at shutdown").catch((err: unknown) => logger.warn({ err }, "shutdown did not wait for every turn"));
        server.closeAllConnections();
        await stopped;
        await reminderWorker.stop();
        await relay.stop().catch(() => undefined);
        await kv.close();
      })()),
  };
}
