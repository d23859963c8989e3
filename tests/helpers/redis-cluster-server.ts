import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createServer } from "node:net";
import { createClient } from "redis";

/**
 * A Redis Cluster of the test's own (three real masters on free loopback ports, no replicas),
 * so a test can stop and restart a node without touching the shared cluster on 7101-7103.
 */
export class OwnRedisCluster {
  private readonly children = new Map<number, ChildProcess>();

  private constructor(
    readonly ports: readonly number[],
    private readonly dir: string,
  ) {}

  static async start(nodes = 3): Promise<OwnRedisCluster> {
    const ports: number[] = [];
    for (let i = 0; i < nodes; i++) ports.push(await freePort(ports));
    const cluster = new OwnRedisCluster(ports, mkdtempSync(join(tmpdir(), "kcb-own-cluster-")));
    for (const port of ports) await cluster.startNode(port);
    const created = spawnSync("redis-cli", ["--cluster", "create", ...ports.map((p) => `127.0.0.1:${p}`), "--cluster-replicas", "0", "--cluster-yes"], { encoding: "utf8" });
    if (created.status !== 0) throw new Error(`redis-cli --cluster create failed: ${created.stderr || created.stdout}`);
    for (let i = 0; i < 200 && !(await cluster.healthy()); i++) await new Promise((r) => setTimeout(r, 50));
    if (!(await cluster.healthy())) throw new Error("the test cluster did not reach cluster_state:ok");
    return cluster;
  }

  /** REDIS_URL for the bot: every node, comma-separated. */
  get url(): string {
    return this.ports.map((p) => `redis://127.0.0.1:${p}`).join(",");
  }

  /** Starts (or restarts, with its saved cluster configuration) the node on `port`. */
  async startNode(port: number): Promise<void> {
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--cluster-enabled", "yes", "--cluster-config-file", join(this.dir, `nodes-${port}.conf`), "--cluster-node-timeout", "1000", "--dir", this.dir, "--save", "", "--appendonly", "no"],
      { stdio: "ignore" },
    );
    this.children.set(port, child);
    for (let i = 0; i < 100; i++) {
      if (await answers(port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not start on port ${port}`);
  }

  /** Kills one node abruptly, as a crash would. */
  async stopNode(port: number): Promise<void> {
    const child = this.children.get(port);
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGKILL");
    });
  }

  async stop(): Promise<void> {
    for (const port of this.ports) await this.stopNode(port);
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Every node answers and reports cluster_state:ok. */
  async healthy(): Promise<boolean> {
    for (const port of this.ports) {
      const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { connectTimeout: 300, reconnectStrategy: false } });
      client.on("error", () => undefined);
      try {
        await client.connect();
        const info = String(await client.sendCommand(["CLUSTER", "INFO"]));
        await client.close();
        if (!info.includes("cluster_state:ok")) return false;
      } catch {
        client.destroy();
        return false;
      }
    }
    return true;
  }
}

async function answers(port: number): Promise<boolean> {
  const client = createClient({ url: `redis://127.0.0.1:${port}`, socket: { connectTimeout: 200, reconnectStrategy: false } });
  client.on("error", () => undefined);
  try {
    await client.connect();
    await client.ping();
    await client.close();
    return true;
  } catch {
    // A refused connection can leave the client closed already (no reconnecting); destroying it again throws.
    if (client.isOpen) client.destroy();
    return false;
  }
}

/** A free port whose cluster bus port (port + 10000) is free too. */
async function freePort(taken: readonly number[]): Promise<number> {
  for (;;) {
    const port = await listenFree();
    if (port + 10000 < 65536 && !taken.includes(port) && (await isFree(port + 10000))) return port;
  }
}

function listenFree(): Promise<number> {
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

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}
