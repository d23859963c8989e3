import { spawn, type ChildProcess } from "node:child_process";
import { resolve } from "node:path";
import { startArgs } from "./start-command.js";

const ROOT = resolve(import.meta.dirname, "../..");

export interface BotProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** Everything the process printed, for assertions and failure messages. */
  readonly output: () => string;
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * Starts the compiled server `dist/main.js` as a real process (as `npm start` does) on a free
 * port and resolves once its start-up log line names the port. The vitest global setup
 * (tests/global-setup.ts) builds dist/ once before any test file runs.
 */
export async function spawnBot(env: Record<string, string>, timeoutMs = 60_000): Promise<BotProcess> {
  const child = spawn(process.execPath, startArgs(), {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += String(d)));
  child.stderr.on("data", (d) => (output += String(d)));
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => {
      // Never leave a half-started bot behind.
      child.kill("SIGKILL");
      reject(new Error(`bot did not start in ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    const check = () => {
      const match = /"port":(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout.on("data", check);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`bot exited with ${code} before listening:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    output: () => output,
    stop: (signal = "SIGTERM") =>
      new Promise((resolveExit) => {
        if (child.exitCode !== null) return resolveExit(child.exitCode);
        child.once("exit", (code) => resolveExit(code));
        child.kill(signal);
      }),
  };
}
