import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clinicScrubber, scrubPersonalData } from "../../src/llm/pii-scrub.js";

const clinic = { name: "Harbor Ketamine Clinic", phone: "(555) 010-0199", phoneE164: "+15550100199", address: "1200 Harbor Blvd, Suite 300, Long Beach, CA 90802" };
const scrub = clinicScrubber(clinic);

describe("scrubPersonalData", () => {
  const cases: [string, string][] = [
    ["Hi I'm Sarah Jones, call me at 555-201-3344", "Hi I'm [name], call me at [phone]"],
    ["hi im sarah jones and i want to know the cost", "hi im [name] and i want to know the cost"],
    ["hi im mike, how long does it last", "hi im [name], how long does it last"],
    ["my name is john smith i want to book", "my name is [name] i want to book"],
    ["My name's Ana. email ana.perez@gmail.com", "My name's [name]. email [email]"],
    ["Hello, this is Grace from Long Beach", "Hello, this is [name] from Long Beach"],
    ["I am Maria Gonzalez", "I am [name]"],
    ["I'm Jaylen", "I'm [name]"],
    ["call me Bob", "call me [name]"],
    ["hey it's Tom", "hey it's [name]"],
    ["my sister Jane had it done", "my sister [name] had it done"],
    ["Dr. Patel said I should try ketamine", "Dr. [name] said I should try ketamine"],
    ["can u text me at +1 (310) 555-8821 thanks, Rob", "can u text me at [phone] thanks, [name]"],
    ["how long do effects last\n- Sam", "how long do effects last\n- [name]"],
    ["i was born on March 3rd 1985, can I still do it", "i was born on [date], can I still do it"],
    ["dob 3/4/85", "dob [date]"],
    ["DOB: 1985-03-04", "DOB: [date]"],
    ["I was born in 1962, am I too old", "I was born in [date], am I too old"],
    ["my birthday is june 5", "my birthday is [date]"],
    ["born 4th of July 1990", "born [date]"],
    ["I live at 42 Elm Street apt 3", "I live at [address]"],
    ["my member id is 884736251", "my member id is [phone]"],
    ["reach me at sam_o+clinic@mail.example.org pls", "reach me at [email] pls"],
  ];
  for (const [input, expected] of cases) {
    it(`scrubs ${JSON.stringify(input)}`, () => {
      expect(scrub(input)).toBe(expected);
    });
  }

  const untouched = [
    "im worried about side effects",
    "I'm Worried About Side Effects",
    "this is expensive?",
    "it's expensive isn't it",
    "I'm 45 and on lexapro",
    "I'm not sure what TRD means",
    "I'm on Zoloft and Wellbutrin",
    "I'm interested in Spravato",
    "I've tried 6 infusions over 2-3 weeks",
    "I'm a veteran with PTSD",
    "im tryna book for next tuesday at 3pm",
    "how long does ketamine last for depression",
    "is it 15 minutes or 30",
  ];
  for (const input of untouched) {
    it(`keeps ${JSON.stringify(input)} as it is`, () => {
      expect(scrub(input)).toBe(input);
    });
  }

  it("keeps the clinic's own name, phone (however typed) and address: they are not personal data", () => {
    expect(scrub("Is this Harbor Ketamine Clinic? I called (555) 010-0199 and 555.010.0199")).toBe(
      "Is this Harbor Ketamine Clinic? I called (555) 010-0199 and 555.010.0199",
    );
    expect(scrub("are you at 1200 Harbor Blvd, Suite 300, Long Beach, CA 90802")).toBe("are you at 1200 Harbor Blvd, Suite 300, Long Beach, CA 90802");
    // Without the clinic profile the same number is just a phone number.
    expect(scrubPersonalData("I called (555) 010-0199")).toBe("I called [phone]");
  });

  it("is not confused by the control characters it uses internally", () => {
    expect(scrub("hi \u00011000\u0001 I'm Sarah \u00020\u0002 at 555-201-3344")).toBe("hi 1000 I'm [name] 0 at [phone]");
  });

  it("never lets a phone number or email through, however it is written (property)", () => {
    const digit = fc.integer({ min: 0, max: 9 }).map(String);
    const phone = fc
      .tuple(fc.array(digit, { minLength: 3, maxLength: 3 }), fc.array(digit, { minLength: 3, maxLength: 3 }), fc.array(digit, { minLength: 4, maxLength: 4 }), fc.constantFrom("-", ".", " ", ""), fc.boolean(), fc.boolean())
      .map(([a, b, c, sep, paren, plus]) => `${plus ? "+1 " : ""}${paren ? `(${a.join("")})` : a.join("")}${paren ? " " : sep}${b.join("")}${sep}${c.join("")}`);
    const email = fc.tuple(fc.stringMatching(/^[a-z][a-z0-9._]{1,10}$/), fc.stringMatching(/^[a-z]{2,8}$/), fc.constantFrom("com", "org", "net", "co.uk")).map(([u, d, t]) => `${u}@${d}.${t}`);
    const template = fc.constantFrom("call me at {x} please", "{x}", "my number is {x}, thanks", "text {x} or email {y}", "({x}) is best", "reach me: {y}");
    fc.assert(
      fc.property(template, phone, email, (t, p, e) => {
        const out = scrub(t.replace("{x}", p).replace("{y}", e));
        expect(out.replace(/\D/g, "")).not.toMatch(/\d{7}/);
        expect(out).not.toContain(e);
        expect(out).not.toContain("@");
      }),
      { numRuns: 300 },
    );
  });
});
