import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import type { Kv } from "./kv.js";
import { keys } from "./keys.js";
import { safeJson } from "../util/safe-json.js";

const sessionSchema = z.object({
  v: z.literal(1),
  email: z.string(),
  /** Synchroniser token: every form of the console posts it back (CSRF protection). */
  csrf: z.string(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
});

/** A signed-in staff member's console session. */
export type StaffSession = z.output<typeof sessionSchema>;

export interface SessionOptions {
  /** Signed out after this long without a request. */
  readonly idleMs: number;
  /** Signed out this long after signing in, however active (a forgotten open tab ends). */
  readonly maxAgeMs: number;
}

/**
 * Console sessions in the store. The cookie holds a random 256-bit token; the store keeps
 * only its SHA-256, so reading the store does not let anyone sign in. Each request renews
 * the idle time to live; the session ends on its own when it runs out.
 */
export class SessionRepo {
  constructor(
    private readonly kv: Kv,
    readonly options: SessionOptions,
  ) {}

  async create(email: string, now: Date): Promise<{ token: string; session: StaffSession }> {
    const token = randomBytes(32).toString("base64url");
    const at = now.toISOString();
    const session: StaffSession = { v: 1, email, csrf: randomBytes(32).toString("base64url"), createdAt: at, lastSeenAt: at };
    await this.kv.set(keyFor(token), JSON.stringify(session), { ttlMs: this.options.idleMs });
    return { token, session };
  }

  /**
   * The live session for a cookie token, renewed unless `renew` is false (a page refreshing
   * itself is not a person at work: it must not keep an unattended console signed in);
   * null when unknown, idle too long or too old.
   */
  async resume(token: string, now: Date, options: { renew?: boolean } = {}): Promise<StaffSession | null> {
    if (!/^[\w-]{20,100}$/.test(token)) return null;
    const key = keyFor(token);
    const raw = await this.kv.get(key);
    if (raw === null) return null;
    const parsed = sessionSchema.safeParse(safeJson(raw));
    if (!parsed.success || now.getTime() - Date.parse(parsed.data.createdAt) >= this.options.maxAgeMs) {
      await this.kv.del(key);
      return null;
    }
    if (options.renew === false) return parsed.data;
    const session: StaffSession = { ...parsed.data, lastSeenAt: now.toISOString() };
    await this.kv.set(key, JSON.stringify(session), { ttlMs: this.options.idleMs });
    return session;
  }

  async destroy(token: string): Promise<void> {
    await this.kv.del(keyFor(token));
  }
}

function keyFor(token: string): string {
  return keys.staffSession(createHash("sha256").update(token).digest("hex"));
}
