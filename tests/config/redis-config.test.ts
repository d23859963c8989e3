import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { problems } from "./config-problems.js";

describe("Redis configuration", () => {
  it("uses memory without REDIS_URL", () => {
    const config = parseConfig({ NODE_ENV: "test" });
    expect(config.store).toBe("memory");
    expect(config.redis).toBeUndefined();
  });

  it("uses one server for one URL", () => {
    expect(parseConfig({ NODE_ENV: "test", REDIS_URL: "redis://127.0.0.1:6379" }).redis).toEqual({ urls: ["redis://127.0.0.1:6379"], cluster: false });
  });

  it("uses the cluster client for several comma-separated nodes", () => {
    const config = parseConfig({ NODE_ENV: "test", REDIS_URL: "redis://10.0.0.1:7000, redis://10.0.0.2:7000,rediss://10.0.0.3:7000" });
    expect(config.store).toBe("redis");
    expect(config.redis).toEqual({ urls: ["redis://10.0.0.1:7000", "redis://10.0.0.2:7000", "rediss://10.0.0.3:7000"], cluster: true });
  });

  it("uses the cluster client for one seed node with REDIS_CLUSTER=true", () => {
    expect(parseConfig({ NODE_ENV: "test", REDIS_URL: "rediss://cfg.cache.example:6379", REDIS_CLUSTER: "true" }).redis).toEqual({ urls: ["rediss://cfg.cache.example:6379"], cluster: true });
  });

  it("names every bad value", () => {
    expect(problems({ REDIS_URL: "http://x" })).toEqual([expect.stringMatching(/^REDIS_URL must start with redis:\/\/ or rediss:\/\/ .*\(got "http:\/\/x"\)$/)]);
    expect(problems({ REDIS_URL: "redis://a:1,b:2" })).toEqual([expect.stringMatching(/^REDIS_URL must start with redis:\/\//)]);
    expect(problems({ REDIS_URL: "redis://a:1,redis://b:2", REDIS_CLUSTER: "false" })).toEqual([expect.stringMatching(/^REDIS_CLUSTER is false but REDIS_URL lists 2 nodes/)]);
    expect(problems({ REDIS_CLUSTER: "true" })).toEqual([expect.stringMatching(/^REDIS_CLUSTER is true but REDIS_URL is not set/)]);
    expect(problems({ REDIS_CLUSTER: "maybe" })).toEqual([expect.stringMatching(/^REDIS_CLUSTER /)]);
  });
});
