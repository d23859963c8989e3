import { z } from "zod";

/** Twilio's largest message body; anything longer is cut, not refused, so the person still gets an answer. */
export const MAX_SMS_BODY = 1600;

const e164 = z.string().regex(/^\+[1-9]\d{6,14}$/, { message: "From must be an E.164 phone number such as +15551234567" });
const messageSid = z.string().regex(/^(SM|MM)[0-9a-f]{32}$/i, { message: "MessageSid must look like SM followed by 32 hex digits" });
const accountSid = z.string().regex(/^AC[0-9a-f]{32}$/i, { message: "AccountSid must look like AC followed by 32 hex digits" });

/**
 * Twilio's inbound message webhook (form-encoded), after the signature was checked.
 * Only the fields the bot uses are kept: FromCity, FromZip and the like are location
 * data it has no need for, and media URLs are never fetched.
 */
export const inboundSmsSchema = z.object({
  MessageSid: messageSid,
  AccountSid: accountSid,
  From: e164,
  To: z.string().regex(/^(\+[1-9]\d{6,14}|\d{3,8})$/, { message: "To must be an E.164 phone number or a short code" }),
  Body: z
    .string()
    .optional()
    .transform((b) => (b ?? "").slice(0, MAX_SMS_BODY)),
  NumMedia: z.coerce.number({ error: "NumMedia must be a number" }).int().min(0).max(20).optional().default(0),
  /** Set by Advanced Opt-Out when the body matched one of the service's own keywords. */
  OptOutType: z.enum(["STOP", "START", "HELP"]).optional().catch(undefined),
});

export type InboundSms = z.output<typeof inboundSmsSchema>;

/** Twilio's message status callback (form-encoded). */
export const statusCallbackSchema = z.object({
  MessageSid: messageSid,
  AccountSid: accountSid,
  MessageStatus: z.string().regex(/^[a-z_]{2,32}$/, { message: "MessageStatus must be a status such as delivered" }),
  ErrorCode: z
    .string()
    .regex(/^\d{0,6}$/, { message: "ErrorCode must be a number" })
    .optional()
    .transform((c) => (c ? Number(c) : undefined)),
  To: z.string().optional(),
});

export type StatusCallback = z.output<typeof statusCallbackSchema>;

/** The first problem with a webhook body, for the 400 answer. */
export function describeFormError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid request";
  const field = issue.path.join(".");
  if (issue.code === "invalid_type" && issue.input === undefined) return `${field} is required`;
  return issue.message.startsWith(field) ? issue.message : `${field}: ${issue.message}`;
}
