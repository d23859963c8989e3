import { createServer, type Server } from "node:http";
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
import type { Phrases } from "./pipeline/phrases.js";
import type { Flow } from "./flows/flow.js";
import type { TurnServices } from "./pipeline/context.js";
import { createTurnHandler, type TurnHandler } from "./pipeline/turn.js";
import { HandoffService } from "./flows/handoff/handoff-service.js";
import { LogHandoffNotifier, type HandoffNotifier } from "./flows/handoff/handoff-notifier.js";
import { ClinicWebAdapter } from "./botkit/clinic-web-adapter.js";
import { createBotHost, type BotHost, type ChannelBinding } from "./botkit/bot-host.js";
import { webBinding } from "./channels/web/web-binding.js";
import { webRoutes } from "./channels/web/web-routes.js";
import { healthRoute } from "./http/health.js";
import { errorHandler, notFound } from "./http/http-error.js";
import { demoPage } from "./http/demo-page.js";

/** The parts of the bot that are not derived from configuration: knowledge, safety and wording. */
export interface Content {
  readonly clinic: ClinicProfile;
  readonly kb: KnowledgeBase;
  readonly matcher: Matcher;
  readonly safety: SafetyScreen;
  readonly phrases: Phrases;
}

/** Test and embedding seams: replace a part without touching the rest. */
export interface AppOverrides {
  readonly kv?: Kv;
  readonly logger?: Logger;
  readonly now?: () => Date;
  readonly notifier?: HandoffNotifier;
}

export interface App {
  readonly config: Config;
  readonly server: Server;
  readonly store: Store;
  readonly services: TurnServices;
  readonly turn: TurnHandler;
  readonly host: BotHost;
  readonly logger: Logger;
  /** Listens on config.PORT (0 picks a free port); resolves with the bound port. */
  listen(): Promise<number>;
  /** Stops accepting, finishes turns in flight, closes sockets and the store. */
  close(): Promise<void>;
}

/** Connects the store chosen by configuration: Redis when REDIS_URL is set, memory otherwise. */
export async function connectKv(config: Config, logger: Logger): Promise<Kv> {
  if (!config.REDIS_URL) return new MemoryKv();
  return RedisKv.connect({ url: config.REDIS_URL, prefix: config.REDIS_KEY_PREFIX, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS, logger });
}

/** The pipeline and what it needs, without any channel or server (the terminal chat uses this). */
export interface Core {
  readonly logger: Logger;
  readonly kv: Kv;
  readonly store: Store;
  readonly services: TurnServices;
  readonly turn: TurnHandler;
}

export async function createCore(config: Config, content: Content, overrides: AppOverrides = {}): Promise<Core> {
  const logger = overrides.logger ?? createLogger(config.LOG_LEVEL);
  const kv = overrides.kv ?? (await connectKv(config, logger));
  const store = createStore(kv, { retentionDays: config.TRANSCRIPT_RETENTION_DAYS });
  const now = overrides.now ?? (() => new Date());
  const handoffs = new HandoffService(store.handoffs, overrides.notifier ?? new LogHandoffNotifier(logger), logger, config.publicBaseUrl, now);
  const flows = new Map<string, Flow>();
  const services: TurnServices = { ...content, store, handoffs, logger, now, flows };
  return { logger, kv, store, services, turn: createTurnHandler(services) };
}

/** Builds the whole bot: store, pipeline, botkit host, channels and HTTP routes. */
export async function createApp(config: Config, content: Content, overrides: AppOverrides = {}): Promise<App> {
  const { logger, kv, store, services, turn } = await createCore(config, content, overrides);

  const webAdapter = new ClinicWebAdapter(logger);
  const bindings = new Map<string, ChannelBinding>([
    ["webhook", webBinding],
    ["websocket", webBinding],
  ]);
  const host = createBotHost({ adapter: webAdapter, kv, logger, turn, bindings, stateTtlMs: store.retentionMs });

  const web = express();
  web.disable("x-powered-by");
  web.set("trust proxy", "loopback");
  web.get("/healthz", healthRoute(kv));
  web.get("/", demoPage(content.clinic));
  web.use(webRoutes(webAdapter, host));
  web.use(notFound);
  web.use(errorHandler(logger));

  const server = createServer(web);
  webAdapter.createSocketServer(server, {}, host.logic);

  let closing: Promise<void> | undefined;
  return {
    config,
    server,
    store,
    services,
    turn,
    host,
    logger,
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
        await host.drain();
        server.closeAllConnections();
        await stopped;
        await kv.close();
      })()),
  };
}
