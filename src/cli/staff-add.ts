import { parseArgs, type ParseArgsConfig } from "node:util";
import { readCliConfig } from "./cli-config.js";
import { connectKv } from "../state/connect-kv.js";
import { createLogger } from "../logging/logger.js";
import { createStore } from "../state/store.js";
import { createStaffAccount, resetStaffPassword } from "../console/auth/staff-account-setup.js";
import { MIN_PASSWORD_LENGTH } from "../console/auth/passwords.js";
import { newTotpSecret, totpUri } from "../console/auth/totp.js";
import type { AuditAction } from "../state/audit-log.js";
import type { StaffRole } from "../state/staff-accounts.js";

const USAGE = `Usage: npm run staff:add -- --email EMAIL [--role admin|clinician]... [--totp]
       npm run staff:add -- --email EMAIL --reset
       npm run staff:add -- --email EMAIL --set-roles [--role admin|clinician]...
       npm run staff:add -- --email EMAIL --totp | --remove-totp
       npm run staff:add -- --email EMAIL --disable | --enable

Creates a staff console account in the store (REDIS_URL). The password is read from stdin:
typed twice without echo at a terminal, or the first line of piped input, e.g.
  printf '%s\\n' "$PASSWORD" | npm run staff:add -- --email sam@clinic.example --role admin
--role (repeatable) gives roles: admin (may export the audit log), clinician.
--totp enrols an authenticator app (a second factor at sign-in): the secret and its otpauth:// URI are printed once.
--reset sets a new password on an existing account and ends its sessions.
--set-roles replaces the account's roles with the --role values given (none: no roles).
--disable stops an account signing in and ends its sessions; --enable undoes that.
Every change is written to the audit log.
Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`;

const ACTOR = "staff:add (command line)";

/** `npm run staff:add -- --email EMAIL`: creates or changes a console account; a password comes from stdin and is never echoed or logged. */
async function main(): Promise<number> {
  const options = {
    email: { type: "string" },
    reset: { type: "boolean", default: false },
    role: { type: "string", multiple: true, default: [] as string[] },
    "set-roles": { type: "boolean", default: false },
    totp: { type: "boolean", default: false },
    "remove-totp": { type: "boolean", default: false },
    disable: { type: "boolean", default: false },
    enable: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  } satisfies NonNullable<ParseArgsConfig["options"]>;
  let args: ReturnType<typeof parseArgs<{ options: typeof options; strict: true }>>;
  try {
    args = parseArgs({ options, strict: true });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const v = args.values;
  if (v.help) {
    console.log(USAGE);
    return 0;
  }
  const email = v.email?.trim();
  if (!email) {
    console.error(`--email is required.\n\n${USAGE}`);
    return 2;
  }
  const roles = v.role ?? [];
  const badRole = roles.find((r) => r !== "admin" && r !== "clinician");
  if (badRole !== undefined) {
    console.error(`--role ${badRole}: a role is admin or clinician.\n\n${USAGE}`);
    return 2;
  }
  const validRoles = roles as StaffRole[];
  const modes = [v.reset, v["set-roles"], v.disable, v.enable, v["remove-totp"]].filter(Boolean).length;
  if (modes > 1 || (v.totp && (v.reset || v.disable || v.enable || v["remove-totp"] || v["set-roles"]))) {
    console.error(`Give one change at a time.\n\n${USAGE}`);
    return 2;
  }

  const config = readCliConfig();
  if (!config) return 78;
  if (!config.REDIS_URL) {
    console.error(
      "REDIS_URL is not set, so the bot keeps everything in memory and an account created here would be gone at once.\n" +
        "Set REDIS_URL to the bot's Redis, or for a single in-memory process set STAFF_BOOTSTRAP_EMAIL and STAFF_BOOTSTRAP_PASSWORD instead.",
    );
    return 1;
  }

  const logger = createLogger(config.LOG_LEVEL);
  const kv = await connectKv(config, logger);
  try {
    const store = createStore(kv, { retentionDays: config.TRANSCRIPT_RETENTION_DAYS, auditRetentionDays: config.AUDIT_RETENTION_DAYS });
    // --totp on an existing account enrols it (no password); on a new email it creates the account with it.
    const creating = modes === 0 && !(v.totp && (await store.staff.get(email)) !== null);
    const needsPassword = v.reset || creating;
    const password = needsPassword ? (process.stdin.isTTY ? await promptTwice() : await readFirstLine()) : null;
    if (needsPassword && password === null) {
      console.error("No password given (the two entries must match, and piped input needs a line).");
      return 1;
    }
    const now = new Date();
    const id = email.toLowerCase();
    const audit = (action: AuditAction, detail?: string) => store.audit.append({ at: now.toISOString(), staff: ACTOR, action, subject: id, ...(detail ? { detail } : {}) });
    const missing = () => {
      console.error(`${id} has no account. Leave out the change flags to create one.`);
      return 1;
    };

    if (v.disable || v.enable) {
      if ((await store.staff.setDisabled(email, v.disable, now)) === "notFound") return missing();
      await audit(v.disable ? "account-disabled" : "account-enabled");
      console.log(v.disable ? `${id} is disabled; its sessions have ended.` : `${id} may sign in again.`);
      return 0;
    }
    if (v["set-roles"]) {
      if ((await store.staff.setRoles(email, validRoles, now)) === "notFound") return missing();
      await audit("account-changed", `roles ${validRoles.join(" ") || "none"}`);
      console.log(`${id} now has the roles: ${validRoles.join(", ") || "none"}. Its sessions have ended.`);
      return 0;
    }
    if (v["remove-totp"]) {
      if ((await store.staff.setTotp(email, null, now)) === "notFound") return missing();
      await audit("account-changed", "second factor removed");
      console.log(`${id} signs in without an authenticator code now.`);
      return 0;
    }
    if (v.totp && !creating) {
      const secret = newTotpSecret();
      if ((await store.staff.setTotp(email, secret, now)) === "notFound") return missing();
      await audit("account-changed", "second factor enrolled");
      printTotp(id, config, secret);
      return 0;
    }
    if (v.reset) {
      const outcome = await resetStaffPassword(store.staff, email, password!, now);
      if (outcome.kind === "notFound") return missing();
      if (outcome.kind === "invalid") {
        console.error(`Not changed: ${outcome.problem}.`);
        return 1;
      }
      await audit("password-reset");
      console.log(`New password set for ${id}; its sessions have ended.`);
      return 0;
    }

    const secret = v.totp ? newTotpSecret() : undefined;
    const outcome = await createStaffAccount(store.staff, email, password!, now, { roles: validRoles, ...(secret ? { totpSecret: secret } : {}) });
    switch (outcome.kind) {
      case "created":
        await audit("account-created", [validRoles.length ? `roles ${validRoles.join(" ")}` : "", secret ? "second factor enrolled" : ""].filter(Boolean).join(", ") || undefined);
        console.log(`Staff account created for ${id}${validRoles.length ? ` (roles: ${validRoles.join(", ")})` : ""}. Sign in at ${config.publicBaseUrl}/staff/login`);
        if (secret) printTotp(id, config, secret);
        return 0;
      case "exists":
        console.error(`${id} already has an account. Use --reset to set a new password.`);
        return 1;
      case "invalid":
        console.error(`Not created: ${outcome.problem}.`);
        return 1;
      default:
        return 1;
    }
  } finally {
    await kv.close();
  }
}

function printTotp(email: string, config: { publicBaseUrl: string }, secret: string): void {
  const issuer = `Clinic console (${new URL(config.publicBaseUrl).host})`;
  console.log(`Authenticator secret (shown once; add it to the staff member's authenticator app): ${secret}`);
  console.log(`otpauth URI: ${totpUri(email, issuer, secret)}`);
}

async function readFirstLine(): Promise<string | null> {
  let input = "";
  for await (const chunk of process.stdin) input += String(chunk);
  const line = input.split(/\r?\n/)[0] ?? "";
  return line === "" ? null : line;
}

async function promptTwice(): Promise<string | null> {
  const first = await promptHidden("Password: ");
  const second = await promptHidden("Repeat password: ");
  return first !== "" && first === second ? first : null;
}

/** Reads a line at the terminal without echoing it. */
function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stdout.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding("utf8");
  stdin.resume();
  return new Promise((resolve) => {
    let value = "";
    const done = (result: string) => {
      stdin.off("data", onData);
      stdin.setRawMode(false);
      stdin.pause();
      process.stdout.write("\n");
      resolve(result);
    };
    const onData = (chunk: string) => {
      for (const c of chunk) {
        if (c === "\r" || c === "\n") return done(value);
        if (c === "\u0003") {
          process.stdout.write("\n");
          process.exit(130);
        }
        value = c === "\u007f" || c === "\b" ? value.slice(0, -1) : value + c;
      }
    };
    stdin.on("data", onData);
  });
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`staff:add failed: ${(err as Error).message}`);
    process.exit(1);
  },
);
