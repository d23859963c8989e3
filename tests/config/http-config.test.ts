import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { problems } from "./config-problems.js";
import { serverTimeoutOptions } from "../../src/http/connection-guard.js";

describe("HTTP timeouts configuration", () => {
  it("gives a connection 10 s to send its headers unless told otherwise", () => {
    expect(parseConfig({ NODE_ENV: "test" }).HTTP_HEADERS_TIMEOUT_MS).toBe(10_000);
    expect(serverTimeoutOptions(parseConfig({ NODE_ENV: "test", HTTP_HEADERS_TIMEOUT_MS: "4000" }).HTTP_HEADERS_TIMEOUT_MS)).toMatchObject({ headersTimeout: 4000, requestTimeout: 30_000 });
  });

  it("refuses a headers timeout under a second or not under the 30 s request limit, naming the variable", () => {
    expect(problems({ HTTP_HEADERS_TIMEOUT_MS: "500" }).join("\n")).toMatch(/HTTP_HEADERS_TIMEOUT_MS/);
    expect(problems({ HTTP_HEADERS_TIMEOUT_MS: "30000" }).join("\n")).toMatch(/HTTP_HEADERS_TIMEOUT_MS/);
    expect(problems({ HTTP_HEADERS_TIMEOUT_MS: "soon" }).join("\n")).toMatch(/HTTP_HEADERS_TIMEOUT_MS/);
  });
});
