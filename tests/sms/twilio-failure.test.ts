import { describe, expect, it } from "vitest";
import { classifyTwilioFailure } from "../../src/channels/sms/twilio-sms-sender.js";

/** Errors shaped as twilio-node raises them: RestException (status, code) or axios' network error (code, request). */
const rest = (status: number, code: number) => Object.assign(new Error("Twilio says no"), { status, code });
const network = (code: string, writableFinished: boolean | undefined) =>
  Object.assign(new Error(`network ${code}`), { code, ...(writableFinished === undefined ? {} : { request: { writableFinished } }) });

describe("which Twilio failures may be retried", () => {
  it("retries 429: Twilio created nothing", () => {
    expect(classifyTwilioFailure(rest(429, 20429))).toMatchObject({ kind: "notSent", retryable: true, status: 429 });
  });

  it("never retries any other 4xx, and reads 21610 as an opt-out", () => {
    expect(classifyTwilioFailure(rest(400, 21211))).toMatchObject({ kind: "notSent", retryable: false });
    expect(classifyTwilioFailure(rest(401, 20003))).toMatchObject({ kind: "notSent", retryable: false });
    expect(classifyTwilioFailure(rest(400, 21610))).toEqual({ kind: "optedOut" });
  });

  it("never retries a 5xx: Twilio may have queued the text first", () => {
    for (const status of [500, 502, 503, 504]) expect(classifyTwilioFailure(rest(status, 20500))).toMatchObject({ kind: "unconfirmed", status });
  });

  it("retries a connection that failed before the request was written", () => {
    expect(classifyTwilioFailure(network("ECONNREFUSED", false))).toMatchObject({ kind: "notSent", retryable: true });
    expect(classifyTwilioFailure(network("ENOTFOUND", undefined))).toMatchObject({ kind: "notSent", retryable: true });
    // Reset while connecting (TLS handshake, a dropped SYN-ACK): the request never left the buffer.
    expect(classifyTwilioFailure(network("ECONNRESET", false))).toMatchObject({ kind: "notSent", retryable: true });
    expect(classifyTwilioFailure(network("ECONNABORTED", false))).toMatchObject({ kind: "notSent", retryable: true });
  });

  it("never retries a reset or a timeout after the request was written", () => {
    expect(classifyTwilioFailure(network("ECONNRESET", true))).toMatchObject({ kind: "unconfirmed", code: "ECONNRESET" });
    expect(classifyTwilioFailure(network("ECONNABORTED", true))).toMatchObject({ kind: "unconfirmed" });
    expect(classifyTwilioFailure(network("EPIPE", true))).toMatchObject({ kind: "unconfirmed" });
  });

  it("does not retry an error thrown before any request existed", () => {
    expect(classifyTwilioFailure(new Error("Required parameter \"params['to']\" missing."))).toMatchObject({ kind: "notSent", retryable: false });
  });
});
