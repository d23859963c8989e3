import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { normaliseOrigin, OriginPolicy } from "../../src/http/origin-check.js";
import { clientIp } from "../../src/http/client-ip.js";

describe("OriginPolicy", () => {
  // Clinic sites frame the chat (ALLOWED_ORIGINS is for frame-ancestors); only the bot's own pages call it.
  const policy = new OriginPolicy("https://bot.harbor.example/");

  it.each([
    ["the bot's own origin (PUBLIC_BASE_URL)", "https://bot.harbor.example", true],
    ["the bot's own origin with the default port and other case", "https://BOT.harbor.example:443", true],
    ["no Origin header (a server or curl)", undefined, true],
    ["an empty Origin header", "", true],
    ["a clinic site that embeds the widget (its pages never call the bot)", "https://www.harbor.example", false],
    ["another site", "https://evil.example", false],
    ["the bot's host on another port", "https://bot.harbor.example:8443", false],
    ["a look-alike suffix", "https://bot.harbor.example.evil.example", false],
    ['the opaque "null" origin of sandboxed frames and files', "null", false],
    ["a non-web scheme", "chrome-extension://abcdef", false],
  ])("%s -> %s", (_name, origin, allowed) => {
    expect(policy.allows(origin, "bot.harbor.example")).toBe(allowed);
  });

  it("allows a page the bot served itself, whatever address it was reached by", () => {
    expect(policy.allows("http://127.0.0.1:3000", "127.0.0.1:3000")).toBe(true);
    expect(policy.allows("http://127.0.0.1:3000", "127.0.0.1:4000")).toBe(false);
    expect(policy.allows("http://127.0.0.1:3000", undefined)).toBe(false);
  });

  it("checks websocket upgrades the same way", () => {
    const req = { headers: { host: "bot.harbor.example" } } as IncomingMessage;
    expect(policy.allowsUpgrade({ origin: "https://bot.harbor.example", req })).toBe(true);
    expect(policy.allowsUpgrade({ origin: "https://www.harbor.example", req })).toBe(false);
    expect(policy.allowsUpgrade({ origin: "https://evil.example", req })).toBe(false);
    expect(policy.allowsUpgrade({ origin: "", req })).toBe(true);
  });

  it("normalises origins", () => {
    expect(normaliseOrigin("HTTPS://Clinic.Example:443/")).toBe("https://clinic.example");
    expect(normaliseOrigin("not a url")).toBeUndefined();
    expect(normaliseOrigin("ftp://clinic.example")).toBeUndefined();
  });
});

describe("clientIp", () => {
  const req = (remoteAddress: string, forwarded?: string) =>
    ({ socket: { remoteAddress }, headers: forwarded ? { "x-forwarded-for": forwarded } : {} }) as unknown as IncomingMessage;

  it("uses the socket address when no proxy on this machine is in front", () => {
    expect(clientIp(req("203.0.113.7", "198.51.100.1"))).toBe("203.0.113.7");
  });

  it("believes X-Forwarded-For from a loopback proxy, read from the right", () => {
    expect(clientIp(req("127.0.0.1", "198.51.100.1, 203.0.113.9"))).toBe("203.0.113.9");
    expect(clientIp(req("::ffff:127.0.0.1", "203.0.113.9, 127.0.0.1"))).toBe("203.0.113.9");
    expect(clientIp(req("::1"))).toBe("::1");
    expect(clientIp(req("127.0.0.1", "not-an-ip"))).toBe("127.0.0.1");
  });
});
