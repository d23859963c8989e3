import { randomBytes } from "node:crypto";
import type { Kv } from "./kv.js";

/**
 * A random 256-bit secret shared by every process of one deployment, made once and kept in the
 * store under `key` (the audit log's hash key, the sign-in form's cookie signing key). Cached per
 * process; a failed read is retried on the next call.
 */
export class DeploymentSecret {
  private value: Promise<Buffer> | undefined;

  constructor(
    private readonly kv: Kv,
    private readonly key: string,
  ) {}

  get(): Promise<Buffer> {
    this.value ??= (async () => {
      await this.kv.set(this.key, randomBytes(32).toString("base64url"), { nx: true });
      const stored = await this.kv.get(this.key);
      if (!stored) throw new Error(`deployment secret ${this.key} missing from the store`);
      return Buffer.from(stored, "base64url");
    })().catch((err: unknown) => {
      this.value = undefined;
      throw err;
    });
    return this.value;
  }
}
