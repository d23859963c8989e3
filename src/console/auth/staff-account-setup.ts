import { z } from "zod";
import type { StaffAccountRepo, StaffRole } from "../../state/staff-accounts.js";
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
export async function createStaffAccount(repo: StaffAccountRepo, email: string, password: string, now: Date, roles: readonly StaffRole[] = []): Promise<AccountSetupOutcome> {
  const problem = accountProblem(email, password);
  if (problem) return { kind: "invalid", problem };
  return { kind: await repo.create(email, await hashPassword(password), now, roles) };
}

/** Sets a new password on an existing account (`npm run staff:add -- --reset`). */
export async function resetStaffPassword(repo: StaffAccountRepo, email: string, password: string, now: Date, roles: readonly StaffRole[] = []): Promise<AccountSetupOutcome> {
  const problem = accountProblem(email, password);
  if (problem) return { kind: "invalid", problem };
  const changed = await repo.setPassword(email, await hashPassword(password), now);
  if (changed === "changed" && roles.length > 0) await repo.grantRoles(email, roles);
  return { kind: changed };
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
): Promise<AccountSetupOutcome | { kind: "skipped" }> {
  if (!bootstrap.email || !bootstrap.password) return { kind: "skipped" };
  if (await repo.hasAny()) return { kind: "skipped" };
  // The first account administers the install (insights); the clinician role is always granted deliberately (staff:add --role clinician).
  const outcome = await createStaffAccount(repo, bootstrap.email, bootstrap.password, now, ["admin"]);
  if (outcome.kind === "created") logger.info({ email: bootstrap.email }, "first staff account created from STAFF_BOOTSTRAP_EMAIL");
  else if (outcome.kind === "invalid") logger.error({ problem: outcome.problem }, "bootstrap staff account not created");
  return outcome;
}
