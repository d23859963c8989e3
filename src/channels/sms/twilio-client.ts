import { createRequire } from "node:module";
import type twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

/**
 * The REST client is loaded when the first text is sent, not at start-up: the package's entry
 * point costs about 150 ms and a few MB (see create-sms-sender.ts).
 */
const loadTwilio = (): typeof twilio => createRequire(import.meta.url)("twilio") as typeof twilio;

/**
 * The stock request client, sending every request to another origin (TWILIO_API_BASE_URL)
 * with the path kept: how tests point the real twilio-node client at a fake Twilio API.
 */
function rebasedRequestClient(sdk: typeof twilio, base: URL, options: ConstructorParameters<typeof twilio.RequestClient>[0]): RequestClient {
  return new (class extends sdk.RequestClient {
    override request<TData>(opts: RequestClient.RequestOptions<TData>) {
      return super.request<TData>({ ...opts, uri: rebase(opts.uri, base) });
    }
  })(options);
}

function rebase(uri: string, base: URL): string {
  const original = new URL(uri);
  const prefix = base.pathname.replace(/\/+$/, "");
  return `${base.origin}${prefix}${original.pathname}${original.search}`;
}

export interface TwilioClientOptions {
  readonly accountSid: string;
  readonly authToken: string;
  /** Send requests here instead of https://api.twilio.com (tests, special set-ups). */
  readonly apiBaseUrl?: string | undefined;
  /** Per request; Twilio normally answers in well under a second. */
  readonly timeoutMs?: number;
}

/** The official twilio-node client. Retries are ours (see TwilioSmsSender), so its own are off. */
export function createTwilioClient(options: TwilioClientOptions): twilio.Twilio {
  const requestOptions = { timeout: options.timeoutMs ?? 10_000, keepAlive: true, autoRetry: false };
  const sdk = loadTwilio();
  const httpClient = options.apiBaseUrl ? rebasedRequestClient(sdk, new URL(options.apiBaseUrl), requestOptions) : new sdk.RequestClient(requestOptions);
  return sdk(options.accountSid, options.authToken, { httpClient, autoRetry: false });
}
