import type { Kv } from "../../src/state/kv.js";

/**
 * A store that is down (every call rejects) or hanging (every call never settles).
 * For fault tests of the paths that must work without a store.
 */
export function brokenKv(mode: "down" | "hang"): Kv {
  const fail = () => (mode === "down" ? Promise.reject(new Error("store is down")) : new Promise<never>(() => {}));
  return new Proxy({ kind: "redis" } as Kv, {
    get(target, prop) {
      if (prop === "kind") return target.kind;
      if (prop === "close") return async () => {};
      if (prop === "then") return undefined;
      return fail;
    },
  });
}
