import { authenticator } from "otplib";

/**
 * The optional TOTP second factor (RFC 6238, 6 digits, 30 s steps, as every authenticator app
 * does), through otplib. One step of clock drift either way is accepted.
 */
authenticator.options = { window: 1 };

/** A new base32 secret for enrolment. */
export function newTotpSecret(): string {
  return authenticator.generateSecret();
}

/** The `otpauth://` URI an authenticator app scans (as a QR code) or takes typed in. */
export function totpUri(email: string, issuer: string, secret: string): string {
  return authenticator.keyuri(email, issuer, secret);
}

/** Whether a typed code (spaces allowed) is right for the secret now. */
export function totpCodeValid(code: string, secret: string): boolean {
  const digits = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(digits)) return false;
  try {
    return authenticator.check(digits, secret);
  } catch {
    return false;
  }
}

/** The current code (tests, and the CLI's enrolment check). */
export function currentTotpCode(secret: string): string {
  return authenticator.generate(secret);
}
