/**
 * `npm run kb:check`: validates faq/ and intents/ (schema, placeholders and optional segments,
 * SMS length and GSM-7 with the longest clinic facts, readability, the curation standard's content
 * rules, forbidden claims, duplicate phrasings, sources), that no answer writes one of the clinic
 * profile's own facts instead of its placeholder, and, when ../shared/seeds is present, that every
 * cited seed file exists and holds the cited section. Prints each problem with file and field; exits 1 on any.
 *
 * `npm run kb:check -- --verbose` also prints each entry's Flesch-Kincaid grade (SMS and web) and
 * its longest possible SMS length, with the minimum, median and maximum grade.
 *
 * Spanish (`es:`): every entry must have it; its answers get the same checks, in Spanish where
 * they are about wording (content-rules-es.ts, FORBIDDEN_CLAIMS_ES), the English answer's
 * placeholders and optional segments, SMS within two segments in whatever encoding its characters
 * need, and an INFLESZ (Szigriszt-Pazos) index of at least 55 instead of a grade; --verbose prints
 * each entry's INFLESZ, longest SMS, encoding and segments.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadClinicProfile } from "../clinic/profile.js";
import { profileFactProblems, seedSourceProblems } from "../knowledge/content-rules.js";
import { PROJECT_ROOT, formatProblem, readKnowledgeBase } from "../knowledge/load.js";
import { entryReport, missingSpanishProblems, readabilityProblems, spanishEntryReport, type KbProblem } from "../knowledge/validate.js";

const verbose = process.argv.includes("--verbose") || process.argv.includes("-v");
const { kb, problems } = readKnowledgeBase(PROJECT_ROOT);

const seeds = join(PROJECT_ROOT, "..", "shared", "seeds");
const seedProblems: KbProblem[] = existsSync(seeds) ? seedSourceProblems(kb.faq.values(), seeds) : [];

const profilePath = process.env.CLINIC_PROFILE ?? join(PROJECT_ROOT, "clinic", "clinic.yaml");
const clinicProblems: KbProblem[] = [];
try {
  clinicProblems.push(...profileFactProblems(kb.faq.values(), loadClinicProfile(profilePath)));
} catch (error) {
  clinicProblems.push({ file: profilePath, field: "(file)", message: (error as Error).message });
}

if (verbose) {
  const reports = [...kb.faq.values()].map(entryReport).sort((a, b) => a.id.localeCompare(b.id));
  console.log(`${"entry".padEnd(32)} ${"SMS grade".padStart(9)} ${"web grade".padStart(9)} ${"SMS max chars".padStart(13)}`);
  for (const r of reports) {
    console.log(`${r.id.padEnd(32)} ${r.smsGrade.toFixed(1).padStart(9)} ${r.webGrade.toFixed(1).padStart(9)} ${String(r.smsWorstLength).padStart(13)}`);
  }
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const mid = s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
    return `min ${s[0]?.toFixed(1)}, median ${mid.toFixed(1)}, max ${s[s.length - 1]?.toFixed(1)}`;
  };
  if (reports.length > 0) {
    console.log(`\nFlesch-Kincaid grade: SMS ${stats(reports.map((r) => r.smsGrade))}; web ${stats(reports.map((r) => r.webGrade))}; all ${stats(reports.flatMap((r) => [r.smsGrade, r.webGrade]))}\n`);
  }
  const spanish = [...kb.faq.values()].flatMap((e) => (e.es ? [spanishEntryReport({ ...e, es: e.es })] : [])).sort((a, b) => a.id.localeCompare(b.id));
  if (spanish.length > 0) {
    console.log(`${"entry (es)".padEnd(32)} ${"SMS INFLESZ".padStart(11)} ${"web INFLESZ".padStart(11)} ${"SMS max".padStart(8)} ${"encoding".padStart(8)} ${"segments".padStart(8)}`);
    for (const r of spanish) {
      console.log(
        `${r.id.padEnd(32)} ${r.smsInflesz.toFixed(1).padStart(11)} ${r.webInflesz.toFixed(1).padStart(11)} ${String(r.sms.length).padStart(8)} ${r.sms.encoding.padStart(8)} ${String(r.sms.segments).padStart(8)}`,
      );
    }
    console.log(`\nINFLESZ (Szigriszt-Pazos, higher is easier): SMS ${stats(spanish.map((r) => r.smsInflesz))}; web ${stats(spanish.map((r) => r.webInflesz))}; all ${stats(spanish.flatMap((r) => [r.smsInflesz, r.webInflesz]))}\n`);
  }
}

const all = [...problems, ...readabilityProblems(kb), ...missingSpanishProblems(kb), ...seedProblems, ...clinicProblems];
if (all.length > 0) {
  for (const p of all) console.error(formatProblem(p));
  console.error(`\nkb:check: ${all.length} problem(s).`);
  process.exit(1);
}
const phrasings = [...kb.faq.values()].reduce((n, e) => n + e.questions.length, 0) + [...kb.intents.values()].reduce((n, i) => n + i.examples.length, 0);
const spanishPhrasings = [...kb.faq.values()].reduce((n, e) => n + (e.es?.questions.length ?? 0), 0);
console.log(`kb:check: ${kb.faq.size} FAQ entries and ${kb.intents.size} intents, ${phrasings} phrasings, ${spanishPhrasings} Spanish phrasings: OK.`);
