import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MemoryKv } from "../../src/state/memory/memory-kv.js";
import { say, startTestApp, type TestApp } from "../helpers/test-app.js";

/** The real in-memory store, noting every key a turn reads or writes. */
class KeyRecordingKv extends MemoryKv {
  readonly touched: { op: string; key: string; value?: string }[] = [];
  override async get(key: string): Promise<string | null> {
    this.touched.push({ op: "get", key });
    return super.get(key);
  }
  override async mget(keys: readonly string[]): Promise<(string | null)[]> {
    for (const key of keys) this.touched.push({ op: "mget", key });
    return super.mget(keys);
  }
  override async set(key: string, value: string, options: { ttlMs?: number; nx?: boolean } = {}): Promise<boolean> {
    this.touched.push({ op: "set", key, value });
    return super.set(key, value, options);
  }
}

describe("the botkit host keeps no per-turn state", () => {
  const kv = new KeyRecordingKv();
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({}, { kv });
  });
  afterAll(async () => {
    await t.close();
  });

  it("reads and writes only the pipeline's own keys during a turn, never botkit dialog state", async () => {
    const user = randomUUID();
    kv.touched.length = 0;
    const first = await say(t.url, user, "what are the side effects");
    expect(first.some((r) => r.faq === "side-effects")).toBe(true);
    const second = await say(t.url, user, "how long do they last?");
    expect(second.length).toBeGreaterThan(0);

    expect(kv.touched.length).toBeGreaterThan(0);
    // Botbuilder's storage keys look like "<channel>/conversations/<id>/"; its state holds "dialogState".
    expect(kv.touched.filter((k) => k.key.includes("/conversations/") || k.key.includes("botkit"))).toEqual([]);
    expect(kv.touched.filter((k) => k.value?.includes("dialogState"))).toEqual([]);
    // The only keys read or written with get/set are the conversation's own state and lock, and the
    // insights events (src/insights/: counted once per turn, no text).
    expect([...new Set(kv.touched.filter((k) => !k.key.startsWith("insights:")).map((k) => `${k.op} ${k.key}`))].sort()).toEqual(
      [`get conv:{web:${user}}:state`, `set conv:{web:${user}}:lock`, `set conv:{web:${user}}:state`].sort(),
    );
  });
});
