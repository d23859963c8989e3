import { afterEach, describe, expect, it } from "vitest";
import { SocketRelay, type LocalSockets } from "../../src/channels/web/socket-relay.js";
import { createLogger } from "../../src/logging/logger.js";
import type { Kv } from "../../src/state/kv.js";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix } from "../helpers/redis.js";
import { waitFor } from "../state/kv.contract.js";

const available = await redisAvailable();
const logger = createLogger("silent");

/** One process's sockets: records what it wrote to which visitor. */
class FakeSockets implements LocalSockets {
  readonly written: { user: string; frame: unknown }[] = [];
  readonly users = new Set<string>();
  onPresence: ((user: string, online: boolean) => void) | undefined;
  connect(user: string): void {
    this.users.add(user);
    this.onPresence?.(user, true);
  }
  disconnect(user: string): void {
    this.users.delete(user);
    this.onPresence?.(user, false);
  }
  deliver(user: string, frame: unknown): boolean {
    if (!this.users.has(user)) return false;
    this.written.push({ user, frame });
    return true;
  }
  connectedUsers(): string[] {
    return [...this.users];
  }
}

describe.skipIf(!available)("websocket delivery across processes (Redis pub/sub)", () => {
  const prefix = testPrefix();
  const kvs: Kv[] = [];
  const relays: SocketRelay[] = [];
  afterEach(async () => {
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(kvs.map((k) => k.close()));
    await deletePrefix(prefix);
  });

  it("delivers a staff reply written on one process to a visitor connected to another, and says when nobody is connected", async () => {
    const [kvA, kvB] = [await connectTestKv(prefix), await connectTestKv(prefix)];
    kvs.push(kvA, kvB);
    const socketsA = new FakeSockets();
    const socketsB = new FakeSockets();
    const relayA = new SocketRelay(kvA, socketsA, logger);
    const relayB = new SocketRelay(kvB, socketsB, logger);
    relays.push(relayA, relayB);
    relayA.start();
    relayB.start();
    await new Promise((r) => setTimeout(r, 200)); // subscriptions settle

    socketsA.connect("visitor-1");
    await waitFor(async () => (await kvB.get("web:presence:{visitor-1}")) !== null);
    expect(await relayB.deliver("visitor-1", { type: "message", text: "Hi, this is Sam from the clinic", kind: "staff" })).toBe(true);
    await waitFor(() => socketsA.written.length === 1);
    expect(socketsA.written[0]).toEqual({ user: "visitor-1", frame: { type: "message", text: "Hi, this is Sam from the clinic", kind: "staff" } });
    expect(socketsB.written).toHaveLength(0);

    socketsA.disconnect("visitor-1");
    await waitFor(async () => (await kvB.get("web:presence:{visitor-1}")) === null);
    expect(await relayB.deliver("visitor-1", { type: "message", text: "still there?" })).toBe(false);
  });
});
