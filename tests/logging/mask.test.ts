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

describe("log masking keeps where and when", () => {
  it("leaves IPv4 addresses and ports readable", () => {
    expect(maskInText("connect ECONNREFUSED 127.0.0.1:7103")).toBe("connect ECONNREFUSED 127.0.0.1:7103");
    expect(maskInText("redis://10.20.30.40:6379 is down")).toBe("redis://10.20.30.40:6379 is down");
    expect(maskInText("MOVED 5798 192.168.100.200:7102")).toBe("MOVED 5798 192.168.100.200:7102");
    expect(maskInText("from ::ffff:203.0.113.250 port 54321")).toBe("from ::ffff:203.0.113.250 port 54321");
    expect(maskInText("listening on 0.0.0.0:3000")).toBe("listening on 0.0.0.0:3000");
    expect(maskInText("could not reach 192.168.100.200.")).toBe("could not reach 192.168.100.200.");
  });

  it("leaves dates and times readable", () => {
    expect(maskInText("due 2026-11-24 17:00 UTC")).toBe("due 2026-11-24 17:00 UTC");
    expect(maskInText("at 2026-11-24T17:00:00.000Z")).toBe("at 2026-11-24T17:00:00.000Z");
  });

  it("still masks phone numbers written with dots, spaces, dashes and brackets", () => {
    for (const phone of ["555.123.4567", "+1 555 123 4567", "(555) 123-4567", "+15551234567", "555-123-4567", "+44 20 7946 0958"]) {
      const masked = maskInText(`text ${phone} please`);
      expect(masked, phone).not.toContain(phone);
      expect(masked, phone).toMatch(/\*{3,}/);
    }
    // A dotted number that is not an address (a part over 255) is still a phone number.
    expect(maskInText("999.555.1234")).not.toContain("999.555.1234");
  });

  it("masks a phone number in an error message while keeping the address beside it", () => {
    expect(maskInText("send to +15551234567 via 10.0.0.5:443 failed")).toBe("send to +1********67 via 10.0.0.5:443 failed");
  });
});
