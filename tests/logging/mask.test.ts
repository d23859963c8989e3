import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging/logger.js";
import { maskConversationId, maskInText, maskLogObject, maskPhone } from "../../src/logging/mask.js";

describe("log masking", () => {
  it("masks phone numbers, keeping the last two digits", () => {
    expect(maskPhone("+15551234567")).toBe("+1********67");
    expect(maskConversationId("sms:+15551234567")).toBe("sms:+1********67");
    expect(maskInText("call me at (555) 123-4567 or +1 555 987 6543")).not.toMatch(/123-4567|987 6543/);
  });

  it("leaves ids alone", () => {
    const id = "fa90c7e2-1234-417b-95d6-878a387f3cc2";
    expect(maskInText(`handoff ${id}`)).toBe(`handoff ${id}`);
  });

  it("never logs message text, names, secrets or raw numbers", () => {
    const masked = maskLogObject({ text: "i feel awful", name: "Alex Rivera", From: "+15551234567", authToken: "abc", nested: { body: "hello", email: "alex@example.com" } });
    expect(JSON.stringify(masked)).not.toMatch(/awful|Alex|5551234567|abc|hello|alex@example/);
  });

  it("applies to everything the logger writes", () => {
    let out = "";
    const sink = new Writable({ write: (chunk, _e, cb) => ((out += String(chunk)), cb()) });
    createLogger("info", sink).info({ text: "i want to die", senderId: "+15551234567", conversationId: "sms:+15551234567" }, "turn");
    expect(out).not.toMatch(/want to die|5551234567/);
    expect(out).toContain("+1********67");
  });
});
