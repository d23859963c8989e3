import { z } from "zod";
import type { InboundMessage, Reply } from "../../domain/message.js";
import { MAX_TEXT_LENGTH } from "../../pipeline/normalise.js";
import { randomUUID } from "node:crypto";

/** A visitor id: a random v4 UUID and the bearer secret of a web conversation. */
export const visitorIdSchema = z.uuid({ version: "v4", error: "user must be a random visitor id (a v4 UUID, as crypto.randomUUID() makes)" });

/**
 * The web channel's wire format, shared by `POST /api/messages` and the websocket:
 * `{"type":"message","text":"...","user":"<visitor id>"}`.
 *
 * The visitor id is a bearer secret (whoever knows it reads the conversation), so only a
 * random v4 UUID such as `crypto.randomUUID()` makes is accepted.
 */
export const webMessageSchema = z.object({
  type: z.literal("message", { error: 'type must be "message"' }),
  text: z
    .string({ error: "text must be a string" })
    .refine((t) => t.trim().length > 0, { message: "text must not be empty" })
    .refine((t) => t.length <= MAX_TEXT_LENGTH, { message: `text must be at most ${MAX_TEXT_LENGTH} characters` }),
  user: visitorIdSchema,
  /** The widget's language (from the browser, or the visitor's language button): a hint until the visitor's words tell. */
  language: z.enum(["en", "es"], { error: 'language must be "en" or "es"' }).optional(),
});

export type WebMessage = z.output<typeof webMessageSchema>;

/** `{"type":"history","user":"<visitor id>"}` over the websocket: asks for the conversation so far. */
export const webHistoryRequestSchema = z.object({
  type: z.literal("history"),
  user: visitorIdSchema,
});

/** The first problem with a web message, worded for the person or developer who sent it. */
export function describeWebMessageError(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return "invalid message";
  if (issue.code === "invalid_type" && issue.path.length === 1 && issue.input === undefined) return `${String(issue.path[0])} is required`;
  return issue.message;
}

/** Conversation id of a web visitor. */
export function webConversationId(visitorId: string): string {
  return `web:${visitorId}`;
}

export function toInboundMessage(message: WebMessage, receivedAt = new Date(), clientIp?: string): InboundMessage {
  return {
    id: randomUUID(),
    conversationId: webConversationId(message.user),
    channel: "web",
    senderId: message.user,
    text: message.text,
    receivedAt,
    ...(clientIp ? { clientIp } : {}),
    ...(message.language ? { languageHint: message.language } : {}),
  };
}

/** A bot message as the web channel sends it (webhook JSON array items and websocket frames). */
export interface WebReply {
  type: "message";
  text: string;
  quick_replies?: { title: string; payload: string }[];
  intent?: string;
  faq?: string;
  kind?: string;
}

export function toWebReply(reply: Reply): WebReply {
  return {
    type: "message",
    text: reply.text,
    kind: reply.kind,
    ...(reply.choices?.length ? { quick_replies: reply.choices.map((c) => ({ title: c.title, payload: c.payload })) } : {}),
    ...(reply.intent ? { intent: reply.intent } : {}),
    ...(reply.faqId ? { faq: reply.faqId } : {}),
  };
}
