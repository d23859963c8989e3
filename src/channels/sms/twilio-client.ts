import twilio from "twilio";
import type RequestClient from "twilio/lib/base/RequestClient.js";

/**
 * The stock request client, sending every request to another origin (TWILIO_API_BASE_URL)
 * with the path kept: how tests point the real twilio-node client at a fake Twilio API.
 */
class RebasedRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: URL,
    options: ConstructorParameters<typeof twilio.RequestClient>[0],
  ) {
    super(options);
  }

  override request<TData>(opts: RequestClient.RequestOptions<TData>) {
    return super.request<TData>({ ...opts, uri: rebase(opts.uri, this.base) });
  }
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
  const httpClient = options.apiBaseUrl ? new RebasedRequestClient(new URL(options.apiBaseUrl), requestOptions) : new twilio.RequestClient(requestOptions);
  return twilio(options.accountSid, options.authToken, { httpClient, autoRetry: false });
}
