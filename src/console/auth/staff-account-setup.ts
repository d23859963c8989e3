import { z } from "zod";
import type { StaffAccountRepo, StaffRole } from "../../state/staff-accounts.js";
import type { AuditLog } from "../../state/audit-log.js";
import type { Logger } from "../../logging/logger.js";
import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, passwordProblem } from "./passwords.js";

export type AccountSetupOutcome =
  | { readonly kind: "created" | "changed" }
  | { readonly kind: "exists" | "notFound" }
  | { readonly kind: "invalid"; readonly problem: string };

const emailSchema = z.email({ message: "is not an email address" }).max(254);

/** Why an email or password cannot be used for an account, or null. */
export function accountProblem(email: string, password: string): string | null {
  if (!emailSchema.safeParse(email.trim()).success) return "the email address is not valid";
  const problem = passwordProblem(password);
  if (problem === "tooShort") return `the password must be at least ${MIN_PASSWORD_LENGTH} characters`;
  if (problem === "tooLong") return `the password must be at most ${MAX_PASSWORD_LENGTH} characters`;
  return null;
}

/** Creates a staff account (`npm run staff:add`, and the bootstrap account). */
export async function createStaffAccount(
  repo: StaffAccountRepo,
  email: string,
  password: string,
  now: Date,
  extra: { roles?: readonly StaffRole[]; totpSecret?: string } = {},
): Promise<AccountSetupOutcome> {
  const problem = accountProblem(email, password);
  if (problem) return { kind: "invalid", problem };
  return { kind: await repo.create(email, await hashPassword(password), now, extra) };
}

/** Sets a new password on an existing account (`npm run staff:add -- --reset`). */
export async function resetStaffPassword(repo: StaffAccountRepo, email: string, password: string, now: Date): Promise<AccountSetupOutcome> {
  const problem = accountProblem(email, password);
  if (problem) return { kind: "invalid", problem };
  return { kind: await repo.setPassword(email, await hashPassword(password), now) };
}

/**
 * On a fresh install (no account yet), creates the first account from STAFF_BOOTSTRAP_EMAIL
 * and STAFF_BOOTSTRAP_PASSWORD. Existing accounts are never touched; the password is never logged.
 */
export async function bootstrapStaffAccount(
  repo: StaffAccountRepo,
  bootstrap: { email: string | undefined; password: string | undefined },
  logger: Logger,
  now: Date,
  audit?: AuditLog,
): Promise<AccountSetupOutcome | { kind: "skipped" }> {
  if (!bootstrap.email || !bootstrap.password) return { kind: "skipped" };
  if (await repo.hasAny()) return { kind: "skipped" };
  // The first account administers the others (it may export the audit log).
  const outcome = await createStaffAccount(repo, bootstrap.email, bootstrap.password, now, { roles: ["admin"] });
  if (outcome.kind === "created") {
    logger.info({ email: bootstrap.email }, "first staff account created from STAFF_BOOTSTRAP_EMAIL");
    await audit?.append({ at: now.toISOString(), staff: "STAFF_BOOTSTRAP_EMAIL", action: "account-created", subject: bootstrap.email.trim().toLowerCase(), detail: "roles admin" });
  }
  else if (outcome.kind === "invalid") logger.error({ problem: outcome.problem }, "bootstrap staff account not created");
  return outcome;
}
