import { parseConfig } from "../../src/config.js";
import { createApp, type App, type AppOverrides, type Content } from "../../src/app.js";
import { loadContent } from "../../src/content.js";
import { createLogger } from "../../src/logging/logger.js";

let content: Content | undefined;

/** The real clinic profile, knowledge base, safety patterns and templates (loaded once per test file). */
export function testContent(): Content {
  content ??= loadContent({ CLINIC_PROFILE: "clinic/clinic.yaml" });
  return content;
}

export interface TestApp {
  readonly app: App;
  readonly url: string;
  close(): Promise<void>;
}

/** Starts the whole bot on a free loopback port with the given environment. */
export async function startTestApp(env: Record<string, string> = {}, overrides: AppOverrides = {}): Promise<TestApp> {
  const config = parseConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", ...env });
  const app = await createApp(config, testContent(), { logger: createLogger(process.env.TEST_LOG_LEVEL ?? "silent"), ...overrides });
  const port = await app.listen();
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

/** Posts a web message; returns status and parsed JSON. */
export async function postMessage(url: string, body: unknown, headers: Record<string, string> = { "content-type": "application/json" }) {
  const res = await fetch(`${url}/api/messages`, { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json, headers: res.headers };
}

export interface WebReplyJson {
  type: string;
  text: string;
  intent?: string;
  faq?: string;
  kind?: string;
  quick_replies?: { title: string; payload: string }[];
}

/** Sends a message as a visitor and returns the bot's messages (asserting 200). */
export async function say(url: string, user: string, text: string): Promise<WebReplyJson[]> {
  const { status, json } = await postMessage(url, { type: "message", text, user });
  if (status !== 200) throw new Error(`POST /api/messages answered ${status}: ${JSON.stringify(json)}`);
  return json as WebReplyJson[];
}
