import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadClinicProfile } from "../../src/clinic/profile.js";
import { contentProblems, profileFactProblems, seedSourceProblems } from "../../src/knowledge/content-rules.js";
import { PROJECT_ROOT, loadKnowledgeBase, readKnowledgeBase } from "../../src/knowledge/load.js";
import type { FaqEntry } from "../../src/knowledge/types.js";
import { readabilityProblems, validateKnowledgeBase } from "../../src/knowledge/validate.js";

const SPRAVATO_LABEL = { ref: "Spravato (esketamine) nasal spray, FDA prescribing information (label)" };
const LIFELINE = { ref: "988 Suicide & Crisis Lifeline" };
const FDA_2023 = { ref: "FDA 2023 communication on compounded ketamine products" };

/** An entry with one answer text (used for both channels) and the sources it needs. */
function entry(id: string, text: string, extra: Partial<FaqEntry> = {}): FaqEntry {
  return {
    id,
    topic: "Test",
    questions: Array.from({ length: 12 }, (_, i) => `${id} question ${i}`),
    answers: { sms: text, web: text },
    sources: [SPRAVATO_LABEL, LIFELINE, FDA_2023, { ref: "DEA Schedule III (21 CFR 1308.13)" }],
    reviewed: "2026-11-30",
    ...extra,
  };
}
const problems = (e: FaqEntry) => contentProblems(e, e.answers.web);

describe("Spravato and suicidal thoughts", () => {
  const approval = "Spravato is approved for depression with suicidal thoughts. Call or text 988, or call 911.";

  it("needs the label's limitation wherever the approval is named", () => {
    expect(problems(entry("spravato-x", approval)).join("\n")).toMatch(/without the label's limitation/);
    const withLimitation = `${approval} It has not been shown to prevent suicide or reduce suicidal thoughts. It does not replace hospital care.`;
    expect(problems(entry("spravato-x", withLimitation))).toEqual([]);
  });

  it("needs 988 and 911 wherever suicidal thoughts are mentioned", () => {
    expect(problems(entry("x", "Some studies looked at suicidal thoughts."))).toContain("mentions suicidal thoughts without naming 988 and 911");
    expect(problems(entry("x", "Some studies looked at suicidal thoughts. Call or text 988, or call 911."))).toEqual([]);
  });

  it("makes the suicidal-thoughts entry say 'call or text 988', 911 and Spravato's limitation", () => {
    const found = problems(entry("suicidal-thoughts", "Please call 988 for help with suicidal thoughts, or 911."));
    expect(found).toContain('must say "call or text 988" and name 911');
    expect(found).toContain("must give Spravato's approval with the label's limitation");
  });
});

describe("the FDA's 2023 warning and the screening conditions", () => {
  const risks = "In 2023 the FDA warned about ketamine without supervision: misuse, mental health problems, slowed breathing, and bladder and urinary harm.";
  const conditions = "We check for an aneurysm, a brain bleed, uncontrolled blood pressure, heart disease, psychosis, pregnancy and drug misuse.";

  it("at-home-ketamine and anything 'compounded' must name the risks in plain words", () => {
    expect(problems(entry("at-home-ketamine", "Some services mail lozenges. The FDA warned about misuse.")).join("\n")).toMatch(/FDA's 2023 warning and its risks/);
    expect(problems(entry("forms-x", "Compounded lozenges can be mailed."))).toContain(
      "must name the FDA's 2023 warning and its risks in plain words: misuse, psychiatric (mental health) problems, slowed breathing, bladder and urinary problems",
    );
    expect(problems(entry("at-home-ketamine", `Some services mail compounded lozenges. ${risks}`))).toEqual([]);
  });

  it("is-it-safe needs both; who-can-have-it needs the conditions", () => {
    expect(problems(entry("is-it-safe", risks)).join("\n")).toMatch(/conditions screening covers/);
    expect(problems(entry("is-it-safe", conditions)).join("\n")).toMatch(/FDA's 2023 warning/);
    expect(problems(entry("is-it-safe", `${conditions} ${risks}`))).toEqual([]);
    expect(problems(entry("who-can-have-it", "Severe heart disease or high blood pressure may rule it out.")).join("\n")).toMatch(/aneurysm/);
  });

  it("never reassures: whether it suits a person is the clinician's answer", () => {
    expect(problems(entry("x", "Ketamine is generally well tolerated.")).join("\n")).toMatch(/reassures/);
    expect(problems(entry("x", "It is generally safe for most individuals.")).join("\n")).toMatch(/reassures/);
    expect(problems(entry("x", "It is not safe for everyone."))).toEqual([]);
  });

  it("leaves a person's own condition to the clinician", () => {
    const asked = entry("x", "Ketamine is not right for everyone.", { questions: ["i have high blood pressure, can i have it", ...Array(11).fill("q")] });
    expect(problems(asked).join("\n")).toMatch(/leave the decision to the clinician/);
    expect(problems({ ...asked, answers: { sms: "The clinician decides with you.", web: "The clinician decides with you." } })).toEqual([]);
  });
});

describe("Spravato beside IV", () => {
  it("session-length gives Spravato's 2 hours, number-of-treatments its schedule", () => {
    expect(problems(entry("session-length", "An infusion lasts up to about an hour.")).join("\n")).toMatch(/must not describe IV only/);
    expect(problems(entry("session-length", "An infusion lasts up to an hour. With Spravato you stay at least 2 hours."))).toEqual([]);
    expect(problems(entry("number-of-treatments", "Most plans start with 6 infusions.")).join("\n")).toMatch(/Spravato's schedule/);
    expect(problems(entry("number-of-treatments", "Most plans start with 6 infusions. Spravato starts twice a week."))).toEqual([]);
  });

  it("spravato, fda-status and legal-status carry their facts", () => {
    expect(problems(entry("spravato", "Spravato is a nasal spray.")).join("\n")).toMatch(/certified setting/);
    expect(problems(entry("fda-status", "Ketamine is approved.")).join("\n")).toMatch(/anesthetic/);
    expect(problems(entry("legal-status", "It is legal.")).join("\n")).toMatch(/Schedule III/);
  });
});

describe("clinic facts come from the profile", () => {
  it.each([
    ["a phone number", "Call us at (555) 010-0199."],
    ["a toll-free number", "Call 1-800-222-1222."],
    ["an email address", "Email info@clinic.example."],
    ["a web address", "See harbor-ketamine.com for more."],
    ["a price", "An infusion costs $450."],
    ["a clock time", "We open at 9 AM."],
    ["a weekday", "We are open on Saturdays."],
    ["a street address", "Visit us at 1200 Harbor Blvd."],
    ["what this clinic offers", "We offer IV infusions and Spravato."],
  ])("refuses %s written out", (_what, text) => {
    expect(problems(entry("x", text)).join("\n")).toMatch(/clinic facts come from the clinic profile/);
  });

  it("allows the 988 Lifeline's public chat address", () => {
    expect(problems(entry("x", "You can chat at 988lifeline.org."))).toEqual([]);
  });

  it("refuses a hard-coded consult length", () => {
    for (const text of ["Book a free 15-minute phone consult.", "The consult call takes 20 minutes."]) {
      expect(problems(entry("x", text)).join("\n"), text).toMatch(/hard-codes a consult length/);
    }
    expect(problems(entry("x", "Book a free {consultMinutes}-minute phone consult."))).toEqual([]);
  });

  it("finds the sample profile's own facts written into an answer", () => {
    const clinic = loadClinicProfile(join(PROJECT_ROOT, "clinic/clinic.yaml"));
    const found = profileFactProblems([entry("x", "Visit Harbor Ketamine Clinic at 1200 Harbor Blvd, Suite 300, Long Beach, CA 90802.")], clinic);
    expect([...new Set(found.map((p) => p.message))]).toEqual([
      'writes the clinic profile\'s "Harbor Ketamine Clinic"; use {clinicName}',
      'writes the clinic profile\'s "1200 Harbor Blvd, Suite 300, Long Beach, CA 90802"; use {clinicAddress}',
    ]);
    expect(profileFactProblems(loadKnowledgeBase().faq.values(), clinic)).toEqual([]);
  });
});

describe("claims cite their sources", () => {
  it.each([
    ["Spravato", "Spravato is a nasal spray.", /Spravato prescribing information/],
    ["988", "Call or text 988.", /988 Suicide & Crisis Lifeline/],
    ["the FDA's 2023 warning", "In 2023 the FDA warned about home use.", /FDA's 2023 communication/],
    ["Schedule III", "It is a Schedule III drug.", /DEA schedules/],
  ])("%s needs its source", (_what, text, why) => {
    const unsourced = entry("x", text, { sources: [{ seed: "001_ea708c36cf1e1edb.txt", section: "Why Ketamine?" }] });
    expect(problems(unsourced).join("\n")).toMatch(why);
  });
});

describe("seed sources", () => {
  const seeds = join(PROJECT_ROOT, "..", "shared", "seeds");
  it.skipIf(!existsSync(seeds))("must name a seed file and a section found in it", () => {
    expect(seedSourceProblems(loadKnowledgeBase().faq.values(), seeds)).toEqual([]);
    const wrong = entry("x", "Text.", {
      sources: [
        { seed: "001_ea708c36cf1e1edb.txt", section: "Commonly Asked Questions: How many ketamine treatments are needed for depression?" },
        { seed: "001_ea708c36cf1e1edb.txt", section: "Ketamine cures everyone" },
        { seed: "009_0000000000000000.txt", section: "Anything" },
      ],
    });
    expect(seedSourceProblems([wrong], seeds).map((p) => `${p.field}: ${p.message}`)).toEqual([
      'sources[1].section: "Ketamine cures everyone" is not in 001_ea708c36cf1e1edb.txt',
      "sources[2].seed: 009_0000000000000000.txt is not in shared/seeds",
    ]);
  });
});

describe("the whole knowledge base, edited", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "kb-rules-"));
    cpSync(join(PROJECT_ROOT, "faq"), join(dir, "faq"), { recursive: true });
    cpSync(join(PROJECT_ROOT, "intents"), join(dir, "intents"), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const edit = (file: string, change: (text: string) => string) => {
    const path = join(dir, file);
    writeFileSync(path, change(readFileSync(path, "utf8")));
  };
  const problemsOf = () => {
    const { kb, problems } = readKnowledgeBase(dir);
    return [...problems, ...readabilityProblems(kb)].map((p) => `${p.file} ${p.field}: ${p.message}`).join("\n");
  };

  it("passes as it is", () => {
    const kb = loadKnowledgeBase();
    expect(validateKnowledgeBase(kb)).toEqual([]);
    expect(readabilityProblems(kb)).toEqual([]);
  });

  it("names the file and field when the Spravato limitation is dropped", () => {
    edit("faq/spravato.yaml", (t) => t.replace(" Its label says it has not been shown to prevent suicide or reduce suicidal thoughts.", ""));
    expect(problemsOf()).toMatch(/faq\/spravato\.yaml answers\.web: mentions Spravato\/esketamine and suicidal thoughts without the label's limitation/);
  });

  it("refuses an optional fact outside a segment, in a fallback, and directions in SMS", () => {
    edit("faq/clinic-contact.yaml", (t) => t.replace("[[ Or email {clinicEmail}.]]", " Or email {clinicEmail}. {directions}"));
    edit("faq/clinic-location.yaml", (t) => t.replace("||Please call {clinicPhone}", "||Please see {clinicWebsite}"));
    const all = problemsOf();
    expect(all).toMatch(/faq\/clinic-contact\.yaml answers\.sms: \{clinicEmail\} is optional in the clinic profile; put it inside \[\[\.\.\.\|\|fallback\]\]/);
    expect(all).toMatch(/faq\/clinic-contact\.yaml answers\.sms: \{directions\} is too long for SMS/);
    expect(all).toMatch(/faq\/clinic-location\.yaml answers\.sms: \{clinicWebsite\} in a fallback/);
  });

  it("refuses an unknown placeholder, an unclosed segment and an answer above grade 8", () => {
    edit("faq/clinic-hours.yaml", (t) => t.replace("Office hours: {officeHours}.", "Office hours: {openingTimes}. [[Email {clinicEmail}."));
    edit("faq/getting-home.yaml", (t) =>
      t.replace(/^  web: "/m, '  web: "Notwithstanding considerable interindividual variability, psychomotor impairment necessitates alternative transportation arrangements. '),
    );
    const all = problemsOf();
    expect(all).toMatch(/faq\/clinic-hours\.yaml answers\.sms: unknown placeholder \{openingTimes\}/);
    expect(all).toMatch(/faq\/clinic-hours\.yaml answers\.sms: "\[\[" is never closed/);
    expect(all).toMatch(/faq\/getting-home\.yaml answers\.web: reads at grade \d+\.\d \(Flesch-Kincaid\); the limit is 8/);
  });
});
