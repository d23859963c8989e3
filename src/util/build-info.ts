/** Replaced by `true` in the compiled server (scripts/build.mjs); absent under tsx. */
declare const __CONSULT_BOT_COMPILED__: boolean | undefined;

/**
 * True when this code runs from the compiled `dist/` (`npm run build`), false when it runs from
 * `src/` through tsx or vitest. The compiled server serves the prebuilt widget instead of
 * building it at start-up.
 */
export const COMPILED: boolean = typeof __CONSULT_BOT_COMPILED__ !== "undefined" && __CONSULT_BOT_COMPILED__ === true;
