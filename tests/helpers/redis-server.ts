import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { createClient } from "redis";

/**
 * A Redis server of the test's own (the real binary on a free loopback port), so a test can
 * stop, restart or slow it down without touching the shared one.
 */
export class OwnRedis {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<OwnRedis> {
    const redis = new OwnRedis(await freePort());
    await redis.startServer();
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async startServer(): Promise<void> {
    const child = spawn("redis-server", ["--port", String(this.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--enable-debug-command", "yes"], {
      stdio: "ignore",
    });
    this.child = child;
    for (let i = 0; i < 100; i++) {
      if (await this.ping()) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${this.port}`);
  }

  /** Stops the server abruptly, as a crash or a network cut would. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }

  /** Blocks the server for `ms` (DEBUG SLEEP), as an overloaded Redis would. */
  async sleep(ms: number): Promise<void> {
    const client = createClient({ url: this.url });
    client.on("error", () => undefined);
    await client.connect();
    void client.sendCommand(["DEBUG", "SLEEP", String(ms / 1000)]).finally(() => client.close().catch(() => undefined));
    await new Promise((r) => setTimeout(r, 50));
  }

  private async ping(): Promise<boolean> {
    const client = createClient({ url: this.url, socket: { connectTimeout: 200, reconnectStrategy: false } });
    client.on("error", () => undefined);
    try {
      await client.connect();
      await client.ping();
      await client.close();
      return true;
    } catch {
      return false;
    }
  }
}

/** A free TCP port on loopback (also used by the benchmarks). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
