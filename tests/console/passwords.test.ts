import { describe, expect, it } from "vitest";
import { hashPassword, passwordProblem, verifyAgainstDummy, verifyPassword } from "../../src/console/auth/passwords.js";
import { accountProblem } from "../../src/console/auth/staff-account-setup.js";

describe("staff passwords (scrypt)", () => {
  it("verifies the right password and rejects others", async () => {
    const hash = await hashPassword("correct horse battery staple");
    expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w+/=]+\$[\w+/=]+$/);
    expect(hash).not.toContain("correct horse");
    expect(await verifyPassword("correct horse battery staple", hash)).toBe(true);
    expect(await verifyPassword("correct horse battery stapl", hash)).toBe(false);
    expect(await verifyPassword("", hash)).toBe(false);
  });

  it("salts every hash", async () => {
    const [a, b] = await Promise.all([hashPassword("same password here"), hashPassword("same password here")]);
    expect(a).not.toBe(b);
  });

  it("treats a damaged stored hash as a mismatch, never a crash", async () => {
    for (const stored of ["", "plain", "scrypt$1$1$1$$", "bcrypt$a$b$c$d$e", "scrypt$x$8$1$c2FsdA==$aGFzaA=="]) {
      expect(await verifyPassword("whatever password", stored)).toBe(false);
    }
    expect(await verifyAgainstDummy("whatever password")).toBe(false);
  });

  it("asks for 12 to 256 characters and a real email", () => {
    expect(passwordProblem("short")).toBe("tooShort");
    expect(passwordProblem("x".repeat(257))).toBe("tooLong");
    expect(passwordProblem("long enough pass")).toBeNull();
    expect(accountProblem("not-an-email", "long enough pass")).toMatch(/email/);
    expect(accountProblem("sam@clinic.example", "short")).toMatch(/at least 12/);
    expect(accountProblem("sam@clinic.example", "long enough pass")).toBeNull();
  });
});
