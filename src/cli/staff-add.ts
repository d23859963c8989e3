import { existsSync } from "node:fs";
import { parseArgs } from "node:util";
import { ConfigError, parseConfig, type Config } from "../config.js";
import { RedisKv } from "../state/redis/redis-kv.js";
import { createLogger } from "../logging/logger.js";
import { createStore } from "../state/store.js";
import { createStaffAccount, resetStaffPassword } from "../console/auth/staff-account-setup.js";
import { MIN_PASSWORD_LENGTH } from "../console/auth/passwords.js";
import { STAFF_ROLES, type StaffRole } from "../state/staff-accounts.js";

const USAGE = `Usage: npm run staff:add -- --email EMAIL [--role admin|clinician]... [--reset]

Creates a staff console account in the store (REDIS_URL). The password is read from stdin:
typed twice without echo at a terminal, or the first line of piped input, e.g.
  printf '%s\\n' "$PASSWORD" | npm run staff:add -- --email sam@clinic.example
--reset sets a new password on an existing account instead.
--role (repeatable) grants a role: admin (insights, unanswered questions), clinician (approves knowledge-base changes).
Passwords need at least ${MIN_PASSWORD_LENGTH} characters.`;

/** `npm run staff:add -- --email EMAIL`: creates a console account; the password comes from stdin and is never echoed or logged. */
async function main(): Promise<number> {
  let args: { values: { email?: string; role?: string[]; reset?: boolean; help?: boolean } };
  try {
    args = parseArgs({ options: { email: { type: "string" }, role: { type: "string", multiple: true, default: [] }, reset: { type: "boolean", default: false }, help: { type: "boolean", default: false } }, strict: true });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  const email = args.values.email?.trim();
  if (!email) {
    console.error(`--email is required.\n\n${USAGE}`);
    return 2;
  }
  const badRole = (args.values.role ?? []).find((r) => !(STAFF_ROLES as readonly string[]).includes(r));
  if (badRole !== undefined) {
    console.error(`--role ${badRole} is not a role (roles: ${STAFF_ROLES.join(", ")}).\n\n${USAGE}`);
    return 2;
  }
  const roles = (args.values.role ?? []) as StaffRole[];

  if (existsSync(".env")) process.loadEnvFile(".env");
  let config: Config;
  try {
    config = parseConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  } catch (err) {
    console.error(err instanceof ConfigError ? err.message : (err as Error).message);
    return 78;
  }
  if (!config.REDIS_URL) {
    console.error(
      "REDIS_URL is not set, so the bot keeps everything in memory and an account created here would be gone at once.\n" +
        "Set REDIS_URL to the bot's Redis, or for a single in-memory process set STAFF_BOOTSTRAP_EMAIL and STAFF_BOOTSTRAP_PASSWORD instead.",
    );
    return 1;
  }

  const password = process.stdin.isTTY ? await promptTwice() : await readFirstLine();
  if (password === null) {
    console.error("No password given (the two entries must match, and piped input needs a line).");
    return 1;
  }

  const logger = createLogger(config.LOG_LEVEL);
  const kv = await RedisKv.connect({ url: config.redis?.urls ?? config.REDIS_URL, cluster: config.redis?.cluster ?? false, prefix: config.REDIS_KEY_PREFIX, commandTimeoutMs: config.REDIS_COMMAND_TIMEOUT_MS, logger });
  try {
    const store = createStore(kv, { retentionDays: config.TRANSCRIPT_RETENTION_DAYS });
    const now = new Date();
    const outcome = args.values.reset ? await resetStaffPassword(store.staff, email, password, now, roles) : await createStaffAccount(store.staff, email, password, now, roles);
    switch (outcome.kind) {
      case "created":
        console.log(`Staff account created for ${email.toLowerCase()}${roles.length > 0 ? ` (roles: ${[...new Set(roles)].join(", ")})` : ""}. Sign in at ${config.publicBaseUrl}/staff/login`);
        return 0;
      case "changed":
        console.log(`New password set for ${email.toLowerCase()}.`);
        return 0;
      case "exists":
        console.error(`${email.toLowerCase()} already has an account. Use --reset to set a new password.`);
        return 1;
      case "notFound":
        console.error(`${email.toLowerCase()} has no account. Leave out --reset to create one.`);
        return 1;
      case "invalid":
        console.error(`Not created: ${outcome.problem}.`);
        return 1;
    }
  } finally {
    await kv.close();
  }
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
