import { pino, type Logger, type DestinationStream } from "pino";
import { maskLogObject } from "./mask.js";

export type { Logger };

/**
 * Structured JSON logs. Every object passes through {@link maskLogObject}, so a call site
 * that forgets to mask a phone number or a message still logs nothing sensitive.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { svc: "consult-bot" },
      formatters: {
        log: (object) => maskLogObject(object) as Record<string, unknown>,
      },
      serializers: { err: (err: unknown) => maskLogObject(err) },
    },
    destination,
  );
}
