/**
 * The safety screen and the question matcher alone, in process: time per message over a mix of
 * real messages (every training example, so typos, stories, emoji and Spanish all come up),
 * each screened with a two-message window as a conversation would. Median and p99 of wall time;
 * the issue goals are p99 <= 2 ms for the screen and <= 5 ms for understanding.
 *
 *   npx tsx bench/understanding.ts            (also part of `npm run bench`)
 */
import { loadContent, preparationSteps } from "../src/content.js";
import { readTrainingFolder } from "../src/nlu/training-data.js";

export interface PerMessageTimes {
  readonly name: string;
  readonly messages: number;
  readonly medianMs: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function measurePerMessage(): PerMessageTimes[] {
  const content = loadContent({ CLINIC_PROFILE: "clinic/clinic.yaml" });
  const texts = [...readTrainingFolder("safety"), ...readTrainingFolder("understanding")].map((e) => e.text);
  // Warm up as the server does once it listens (src/main.ts): V8 compiles the large pattern regexes
  // to machine code on one long text; compiled on short messages first, they run as bytecode (about
  // five times slower, the exclusions' one regex especially).
  for (const step of preparationSteps(content)) step();
  // Then the hot paths, on first use.
  for (const t of texts.slice(0, 500)) {
    content.safety.screen(t, { recent: ["hi"] });
    content.matcher.match(t);
  }
  const time = (name: string, fn: (text: string, i: number) => void): PerMessageTimes => {
    const ms: number[] = [];
    texts.forEach((t, i) => {
      const started = performance.now();
      fn(t, i);
      ms.push(performance.now() - started);
    });
    ms.sort((a, b) => a - b);
    const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(ms.length * q))]! * 1000) / 1000;
    return { name, messages: ms.length, medianMs: at(0.5), p99Ms: at(0.99), maxMs: at(1) };
  };
  return [
    time("safety screen (message and a two-message window)", (t, i) => content.safety.screen(t, { recent: [texts[(i + 1) % texts.length]!, texts[(i + 7) % texts.length]!] })),
    time("question understanding (matcher)", (t) => content.matcher.match(t, { lastFaqId: "side-effects" })),
  ];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = measurePerMessage();
  console.table(rows);
}
