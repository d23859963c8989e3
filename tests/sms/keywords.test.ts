import { describe, expect, it } from "vitest";
import { classifySmsKeyword, OPT_OUT_KEYWORDS } from "../../src/channels/sms/keywords.js";

describe("SMS keywords", () => {
  for (const keyword of OPT_OUT_KEYWORDS) {
    for (const variant of [keyword, keyword.toLowerCase(), capitalise(keyword), `  ${keyword}  `, `${keyword}.`, `${keyword}!`]) {
      it(`${JSON.stringify(variant)} alone is an opt-out`, () => {
        expect(classifySmsKeyword(variant)).toEqual({ kind: "optOut", keyword });
      });
    }
  }

  for (const [body, keyword] of [
    ["START", "START"],
    ["start", "START"],
    ["Unstop", "UNSTOP"],
    ["yes", "YES"],
    ["YES!", "YES"],
  ] as const) {
    it(`${body} is an opt-in keyword`, () => expect(classifySmsKeyword(body)).toEqual({ kind: "optIn", keyword }));
  }

  for (const [body, keyword] of [
    ["HELP", "HELP"],
    ["help", "HELP"],
    ["Info", "INFO"],
    ["help?", "HELP"],
  ] as const) {
    it(`${body} is a help keyword`, () => expect(classifySmsKeyword(body)).toEqual({ kind: "help", keyword }));
  }

  const revocations = [
    "please stop texting me",
    "Stop texting me",
    "remove me from this list",
    "Remove me from your list please",
    "dont text me anymore",
    "Don\u2019t text me again",
    "do not contact me",
    "take me off your list",
    "no more texts",
    "stop sending me messages",
    "unsubscribe me",
    "I want to opt out",
    "opt out",
    "opt-out please",
    "stop please",
    "please stop",
    "STOP 🛑",
    "wrong number",
    "quit messaging me",
    // Phrasings an attacker's review found missed (issue 20).
    "I revoke consent",
    "i revoke my consent to receive texts",
    "I withdraw consent",
    "cancel texts",
    "End texts",
    "end texts please",
    "unsub",
    "Unsub me",
    "STOP STOP",
    "stop stop stop",
    "wrong #",
    "Wrong #!",
    "wrong num",
  ];
  for (const body of revocations) {
    it(`"${body}" revokes consent`, () => expect(classifySmsKeyword(body)).toEqual({ kind: "revocation" }));
  }

  const ordinary = [
    "I need to cancel my call on friday",
    "cancel my appointment",
    "can I cancel?",
    "cancel it",
    "how do I stop the nausea after a session",
    "will it stop my depression",
    "when does the session end",
    "I want to quit smoking, does it help",
    "yes please",
    "help me book a call",
    "what info do you need",
    "start booking",
    "is it safe to stop my antidepressants",
    "take me off the schedule",
    "cancel the text reminder and my call",
    "cancel my appointment texts too?",
    "wrong time, can we do 3pm",
    "which # do I call",
    "",
  ];
  for (const body of ordinary) {
    it(`"${body}" is an ordinary message`, () => expect(classifySmsKeyword(body)).toEqual({ kind: "none" }));
  }
});

function capitalise(s: string): string {
  return s.charAt(0) + s.slice(1).toLowerCase();
}
