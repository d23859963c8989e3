// Start-up to the first answer of `node dist/main.js` (wall time, and the server's CPU time, which
// another busy process on the machine disturbs less), and its memory once answering:
//
//   node bench/startup.mjs [runs]        (default 5 runs; prints each run and the median)
//
// Plain JavaScript on node alone (no tsx), so the measuring process costs the machine little.
// Memory comes from inside the server: a preload (bench/startup-memory.cjs) prints
// process.memoryUsage() after a full GC when the process gets SIGUSR2.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const RUNS = Number(process.argv[2] ?? 5);
const mb = (bytes) => Math.round(bytes / 1048576);

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function firstAnswer(url) {
  for (;;) {
    try {
      const body = JSON.stringify({ type: "message", text: "how much does it cost", user: randomUUID() });
      const res = await fetch(`${url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function once() {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ["--expose-gc", "--require", join(ROOT, "bench/startup-memory.cjs"), "dist/main.js"], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += String(d)));
  await firstAnswer(`http://127.0.0.1:${port}`);
  const ms = performance.now() - started;
  child.kill("SIGUSR2");
  while (!/"heapUsed"/.test(output)) await new Promise((r) => setTimeout(r, 20));
  const memory = JSON.parse(output.slice(output.indexOf("{", output.indexOf("memory:"))).split("\n")[0]);
  child.kill("SIGTERM");
  await new Promise((r) => child.once("exit", r));
  return { ms: Math.round(ms), cpuMs: memory.cpuMs, heapMb: mb(memory.heapUsed), rssMb: mb(memory.rss), arrayBuffersMb: mb(memory.arrayBuffers) };
}

const results = [];
for (let i = 0; i < RUNS; i++) {
  const r = await once();
  results.push(r);
  console.log(`run ${i + 1}: ${r.ms} ms to first answer (${r.cpuMs} ms of CPU), heap ${r.heapMb} MB, RSS ${r.rssMb} MB, array buffers ${r.arrayBuffersMb} MB`);
}
const median = (key) => results.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(results.length / 2)];
console.log(`median of ${RUNS}: ${median("ms")} ms to first answer (${median("cpuMs")} ms of CPU), heap ${median("heapMb")} MB, RSS ${median("rssMb")} MB`);
