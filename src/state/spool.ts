import { appendFile, mkdir, readdir, readFile, rename, stat, unlink } from "node:fs/promises";
import { join } from "node:path";
import { randomUUID } from "node:crypto";
import type { Logger } from "../logging/logger.js";

/**
 * A local, bounded journal of store writes that could not be made when they happened (the
 * store down or stalled during a crisis turn, an opt-out during an outage). Each write is a
 * JSON line appended to this process's file; a replay loop applies them to the store once it
 * answers again and removes what was applied. Files left by a process that died are replayed
 * by whichever process finds them first (a file is claimed by renaming it).
 *
 * The writes must be idempotent when applied twice (a replay can be interrupted after
 * applying a write but before forgetting it); `id` lets an applier skip a write it already made.
 */
export interface SpoolEntry<W> {
  readonly id: string;
  readonly at: string;
  readonly write: W;
}

export interface SpoolOptions {
  readonly dir: string;
  readonly logger: Logger;
  /** This process's file stops growing past this size (writes are then refused, loudly). */
  readonly maxBytes?: number;
  readonly now?: () => Date;
}

const DEFAULT_MAX_BYTES = 8 * 1024 * 1024;
/** A file another process wrote to this recently may still be growing. */
const OTHER_PROCESS_QUIET_MS = 30_000;

export class Spool<W> {
  private readonly file: string;
  private readonly maxBytes: number;
  private timer: NodeJS.Timeout | undefined;
  private replaying: Promise<void> | undefined;
  private ready: Promise<void> | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly options: SpoolOptions) {
    this.file = join(options.dir, `${process.pid}-${randomUUID().slice(0, 8)}.jsonl`);
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  }

  /** Keeps one write for later; resolves once it is on disk. Never throws (a full or broken disk is logged). */
  add(write: W): Promise<boolean> {
    return this.exclusive(() => this.append(write));
  }

  /** Runs file operations of this process one at a time (a replay renames the file appends go to). */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.chain.then(work);
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async append(write: W): Promise<boolean> {
    const entry: SpoolEntry<W> = { id: randomUUID(), at: (this.options.now?.() ?? new Date()).toISOString(), write };
    try {
      await (this.ready ??= mkdir(this.options.dir, { recursive: true }).then(() => undefined));
      const size = await stat(this.file).then((s) => s.size, () => 0);
      if (size > this.maxBytes) {
        this.options.logger.error({ file: this.file, size }, "spool full: a store write is LOST");
        return false;
      }
      await appendFile(this.file, JSON.stringify(entry) + "\n", { encoding: "utf8", flush: true });
      this.options.logger.warn({ spoolId: entry.id }, "store write kept in the local spool until the store answers");
      return true;
    } catch (err) {
      this.options.logger.error({ err }, "spool write failed: a store write is LOST");
      return false;
    }
  }

  /**
   * Applies every spooled write (this process's and any left behind), oldest first. A write
   * whose apply fails stays spooled for the next round, as do the ones after it in its file.
   */
  replay(apply: (entry: SpoolEntry<W>) => Promise<void>): Promise<void> {
    return (this.replaying ??= this.replayOnce(apply).finally(() => (this.replaying = undefined)));
  }

  /** Replays every `intervalMs` until {@link stop}. */
  start(apply: (entry: SpoolEntry<W>) => Promise<void>, intervalMs = 5000): void {
    this.timer = setInterval(() => void this.replay(apply), intervalMs);
    this.timer.unref();
  }

  /** Stops replaying; a replay stuck on a hanging store is not waited for (what it did not apply stays spooled). */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    if (this.replaying) await Promise.race([this.replaying, new Promise((resolve) => setTimeout(resolve, 1000).unref())]);
  }

  /** How many writes wait in this folder (for health and tests). */
  async pending(): Promise<number> {
    let count = 0;
    for (const name of await this.files()) {
      const text = await readFile(join(this.options.dir, name), "utf8").catch(() => "");
      count += text.split("\n").filter(Boolean).length;
    }
    return count;
  }

  private async files(): Promise<string[]> {
    return (await readdir(this.options.dir).catch(() => [] as string[])).filter((n) => n.endsWith(".jsonl")).sort();
  }

  private async replayOnce(apply: (entry: SpoolEntry<W>) => Promise<void>): Promise<void> {
    for (const name of await this.files()) {
      const path = join(this.options.dir, name);
      // Another live process may still be appending to its own file: take it over only once it has been quiet a while.
      if (!name.startsWith(`${process.pid}-`)) {
        const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => 0);
        if (age < OTHER_PROCESS_QUIET_MS) continue;
      }
      const claimed = `${path}.replaying-${process.pid}`;
      // Claim the file: only one process replays it; this process keeps appending to a fresh one.
      if (!(await this.exclusive(() => rename(path, claimed).then(() => true, () => false)))) continue;
      const lines = (await readFile(claimed, "utf8").catch(() => "")).split("\n").filter(Boolean);
      let applied = 0;
      for (const line of lines) {
        let entry: SpoolEntry<W>;
        try {
          entry = JSON.parse(line) as SpoolEntry<W>;
        } catch {
          this.options.logger.error({ file: name }, "unreadable spool line skipped");
          applied++;
          continue;
        }
        try {
          await apply(entry);
          applied++;
        } catch (err) {
          this.options.logger.warn({ err, spoolId: entry.id }, "spooled write not applied yet; will retry");
          break;
        }
      }
      const rest = lines.slice(applied);
      if (rest.length > 0) {
        await this.exclusive(async () => {
          await mkdir(this.options.dir, { recursive: true });
          await appendFile(this.file, rest.map((l) => l + "\n").join(""), { encoding: "utf8", flush: true });
        });
      }
      await unlink(claimed).catch(() => undefined);
      if (applied > 0) this.options.logger.info({ applied, remaining: rest.length }, "spooled store writes applied");
      if (rest.length > 0) return;
    }
  }
}
