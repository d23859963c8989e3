import { z } from "zod";
import type { Kv } from "./kv.js";
import { keys } from "./keys.js";
import { safeJson } from "../util/safe-json.js";

/** What a staff member may do beyond the handoff queue: `admin` sees insights, `clinician` approves knowledge-base changes. */
export const STAFF_ROLES = ["admin", "clinician"] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

const staffAccountSchema = z.object({
  v: z.literal(1),
  email: z.string(),
  /** `scrypt$N$r$p$salt$hash` (see src/console/auth/passwords.ts). */
  passwordHash: z.string(),
  createdAt: z.string(),
  passwordChangedAt: z.string().optional(),
  /** What the account may do beyond the console's everyday pages (the audit export needs admin). */
  roles: z.array(z.enum(STAFF_ROLES)).default([]),
  /** A disabled account cannot sign in, and its open sessions end at their next request. */
  disabled: z.boolean().optional(),
  /** Base32 TOTP secret when the account signs in with a second factor (enrolled by `npm run staff:add -- --totp`). */
  totpSecret: z.string().optional(),
  /** Sessions created before this time are ended (password reset, disabling, role change). */
  sessionsValidFrom: z.string().optional(),
});


/** A person who may sign in to the staff console. */
export type StaffAccount = z.output<typeof staffAccountSchema>;

/** Emails are compared case-insensitively: `Sam@Clinic.example` and `sam@clinic.example` are one account. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Staff accounts in the store, keyed by lower-cased email. Only password hashes are kept. */
export class StaffAccountRepo {
  constructor(private readonly kv: Kv) {}

  /** Creates an account; `exists` when the email already has one (nothing is changed). */
  async create(email: string, passwordHash: string, now: Date, extra: { roles?: readonly StaffRole[]; totpSecret?: string } = {}): Promise<"created" | "exists"> {
    const id = normaliseEmail(email);
    const account: StaffAccount = {
      v: 1,
      email: id,
      passwordHash,
      createdAt: now.toISOString(),
      roles: [...new Set(extra.roles ?? [])],
      ...(extra.totpSecret ? { totpSecret: extra.totpSecret } : {}),
    };
    if (!(await this.kv.set(keys.staffAccount(id), JSON.stringify(account), { nx: true }))) return "exists";
    await this.kv.zadd(keys.staffAccountIndex(), now.getTime(), id);
    return "created";
  }

  /** Replaces the password of an existing account and ends its sessions; `notFound` when there is none. */
  async setPassword(email: string, passwordHash: string, now: Date): Promise<"changed" | "notFound"> {
    return this.update(email, (a) => ({ ...a, passwordHash, passwordChangedAt: now.toISOString(), sessionsValidFrom: now.toISOString() }));
  }

  /** Disables (ending its sessions) or enables an account. */
  async setDisabled(email: string, disabled: boolean, now: Date): Promise<"changed" | "notFound"> {
    return this.update(email, ({ disabled: _old, ...a }) => ({ ...a, ...(disabled ? { disabled: true, sessionsValidFrom: now.toISOString() } : {}) }));
  }

  /** Replaces the account's roles; its sessions end so the new roles apply at once. */
  async setRoles(email: string, roles: readonly StaffRole[], now: Date): Promise<"changed" | "notFound"> {
    return this.update(email, (a) => ({ ...a, roles: [...new Set(roles)], sessionsValidFrom: now.toISOString() }));
  }

  /** Enrols (secret) or removes (null) the TOTP second factor; sessions end. */
  async setTotp(email: string, secret: string | null, now: Date): Promise<"changed" | "notFound"> {
    return this.update(email, ({ totpSecret: _old, ...a }) => ({ ...a, ...(secret ? { totpSecret: secret } : {}), sessionsValidFrom: now.toISOString() }));
  }

  private async update(email: string, change: (account: StaffAccount) => StaffAccount): Promise<"changed" | "notFound"> {
    const account = await this.get(email);
    if (!account) return "notFound";
    await this.kv.set(keys.staffAccount(account.email), JSON.stringify(staffAccountSchema.parse(change(account))));
    return "changed";
  }

  /** Grants roles to an existing account (roles it has are kept); `notFound` when there is none. */
  async grantRoles(email: string, roles: readonly StaffRole[]): Promise<"changed" | "notFound"> {
    const account = await this.get(email);
    if (!account) return "notFound";
    await this.kv.set(keys.staffAccount(account.email), JSON.stringify({ ...account, roles: [...new Set([...account.roles, ...roles])] }));
    return "changed";
  }

  async get(email: string): Promise<StaffAccount | null> {
    const raw = await this.kv.get(keys.staffAccount(normaliseEmail(email)));
    if (raw === null) return null;
    const parsed = staffAccountSchema.safeParse(safeJson(raw));
    return parsed.success ? parsed.data : null;
  }

  /** Whether any account exists (the bootstrap account is only created on a fresh install). */
  async hasAny(): Promise<boolean> {
    return (await this.kv.zrevrange(keys.staffAccountIndex(), 0, 0)).length > 0;
  }

  /** Every account's email, oldest first. */
  async emails(): Promise<string[]> {
    return (await this.kv.zrangeByScore(keys.staffAccountIndex(), -Infinity, Infinity)).map((e) => e.member);
  }
}
