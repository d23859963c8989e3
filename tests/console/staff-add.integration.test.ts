import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { connectTestKv, deletePrefix, redisAvailable, testPrefix, TEST_REDIS_URL } from "../helpers/redis.js";
import { createStore } from "../../src/state/store.js";
import { verifyPassword } from "../../src/console/auth/passwords.js";

const available = await redisAvailable();

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
// Run from an empty directory, so a developer's .env cannot change what the test sees.
const CWD = mkdtempSync(join(tmpdir(), "staff-add-"));

/** Runs `npm run staff:add` the way npm does (tsx), with `input` on stdin. */
function staffAdd(args: string[], input: string, env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, "src/cli/staff-add.ts"), ...args], {
      cwd: CWD,
      env: { PATH: process.env.PATH ?? "", NODE_ENV: "test", LOG_LEVEL: "silent", ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += String(d)));
    child.stderr.on("data", (d) => (stderr += String(d)));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe.skipIf(!available)("npm run staff:add", () => {
  const prefix = testPrefix();
  const env = { REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: prefix };
  afterAll(async () => {
    await deletePrefix(prefix);
    rmSync(CWD, { recursive: true, force: true });
  });

  // Three runs of `npm run staff:add` (npm, the build check, node): slow on a loaded machine, hence the longer limit.
  it("creates an account with the password from stdin, refuses a duplicate, and resets on request", async () => {
    const created = await staffAdd(["--email", "Nurse@Clinic.example"], "a long enough password\n", env);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("Staff account created for nurse@clinic.example");
    expect(created.stdout).not.toContain("a long enough password");

    const kv = await connectTestKv(prefix);
    try {
      const store = createStore(kv, { retentionDays: 30 });
      const account = await store.staff.get("nurse@clinic.example");
      expect(account?.passwordHash).toMatch(/^scrypt\$/);
      expect(await verifyPassword("a long enough password", account?.passwordHash ?? "")).toBe(true);

      const again = await staffAdd(["--email", "nurse@clinic.example"], "another long password\n", env);
      expect(again.code).toBe(1);
      expect(again.stderr).toContain("already has an account");

      const reset = await staffAdd(["--email", "nurse@clinic.example", "--reset"], "another long password\n", env);
      expect(reset.code).toBe(0);
      expect(await verifyPassword("another long password", (await store.staff.get("nurse@clinic.example"))?.passwordHash ?? "")).toBe(true);
    } finally {
      await kv.close();
    }
  }, 60_000);

  it("explains what is wrong: no email, a short password, no Redis", async () => {
    const [noEmail, short, noRedis] = await Promise.all([
      staffAdd([], "a long enough password\n", env),
      staffAdd(["--email", "short@clinic.example"], "short\n", env),
      staffAdd(["--email", "x@clinic.example"], "a long enough password\n", {}),
    ]);
    expect(noEmail.code).toBe(2);
    expect(noEmail.stderr).toContain("--email is required");
    expect(short.code).toBe(1);
    expect(short.stderr).toContain("at least 12 characters");
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr).toContain("REDIS_URL is not set");
  });

  it("gives roles, enrols an authenticator, disables and enables, and audits every change", async () => {
    const created = await staffAdd(["--email", "boss@clinic.example", "--role", "admin", "--role", "clinician", "--totp"], "a long enough password\n", env);
    expect(created.stderr).toBe("");
    expect(created.code).toBe(0);
    expect(created.stdout).toContain("(roles: admin, clinician)");
    const secret = /Authenticator secret \(shown once[^)]*\): ([A-Z2-7]+)/.exec(created.stdout)?.[1];
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(created.stdout).toContain(`otpauth://totp/`);
    const bad = await staffAdd(["--email", "x@clinic.example", "--role", "root"], "a long enough password\n", env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("a role is admin or clinician");

    const kv = await connectTestKv(prefix);
    try {
      const store = createStore(kv, { retentionDays: 30 });
      expect(await store.staff.get("boss@clinic.example")).toMatchObject({ roles: ["admin", "clinician"], totpSecret: secret });
      expect((await staffAdd(["--email", "boss@clinic.example", "--set-roles", "--role", "clinician"], "", env)).code).toBe(0);
      expect((await store.staff.get("boss@clinic.example"))?.roles).toEqual(["clinician"]);
      expect((await staffAdd(["--email", "boss@clinic.example", "--disable"], "", env)).code).toBe(0);
      expect((await store.staff.get("boss@clinic.example"))?.disabled).toBe(true);
      expect((await staffAdd(["--email", "boss@clinic.example", "--enable"], "", env)).code).toBe(0);
      expect((await store.staff.get("boss@clinic.example"))?.disabled).toBeUndefined();
      const audit = (await store.audit.list()).filter((e) => e.subject === "boss@clinic.example");
      expect(audit.map((e) => e.action)).toEqual(["account-enabled", "account-disabled", "account-changed", "account-created"]);
      expect(audit.every((e) => e.staff === "staff:add (command line)")).toBe(true);
      expect(audit[3]?.detail).toBe("roles admin clinician, second factor enrolled");
    } finally {
      await kv.close();
    }
  }, 60_000);
});
