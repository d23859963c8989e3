/** A step of the turn: do its part, then call `next()` to pass the turn on, or return to end it. */
export type Step<C> = (ctx: C, next: () => Promise<void>) => Promise<void>;

/**
 * Chains steps in order (like grammY's composer). Calling `next` twice in one step is a
 * bug and throws, rather than running the rest of the turn twice.
 */
export function compose<C>(steps: readonly Step<C>[]): (ctx: C) => Promise<void> {
  return async (ctx) => {
    const run = async (i: number): Promise<void> => {
      const step = steps[i];
      if (!step) return;
      let called = false;
      await step(ctx, async () => {
        if (called) throw new Error(`next() called twice in pipeline step ${i} (${step.name || "anonymous"})`);
        called = true;
        await run(i + 1);
      });
    };
    await run(0);
  };
}
