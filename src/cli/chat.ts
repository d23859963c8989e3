import { createInterface } from "node:readline/promises";
import { randomUUID } from "node:crypto";
import { parseConfig } from "../config.js";
import { loadContent } from "../content.js";
import { createCore } from "../app.js";
import { createLogger } from "../logging/logger.js";

/**
 * `npm run chat`: talk to the bot in the terminal, through the same turn pipeline as the
 * web and SMS channels. For knowledge-base authors: each answer shows its intent and FAQ id.
 * Type `/sms` to see SMS wording, `/web` for web wording, `/new` for a new conversation.
 */
async function main(): Promise<void> {
  const config = parseConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? "warn" });
  const content = loadContent(config);
  const core = await createCore(config, content, { logger: createLogger(config.LOG_LEVEL) });
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
  let sms = false;
  let conversation = randomUUID();
  console.log(`${content.clinic.name} bot (${core.store.kind} store). /sms, /web, /new, /quit.`);
  rl.setPrompt("you> ");
  rl.prompt();
  for await (const line of rl) {
    const text = line.trim();
    if (text === "/quit") break;
    if (text === "/sms" || text === "/web") {
      sms = text === "/sms";
      console.log(`(showing ${sms ? "SMS" : "web"} wording)`);
    } else if (text === "/new") {
      conversation = randomUUID();
      console.log("(new conversation)");
    } else if (text) {
      const result = await core.turn({ id: randomUUID(), conversationId: `cli:${conversation}`, channel: "cli", senderId: "terminal", text, receivedAt: new Date() });
      for (const reply of result.replies) {
        const tag = [reply.intent, reply.faqId].filter(Boolean).join(" ");
        console.log(`bot> ${sms ? (reply.smsText ?? reply.text) : reply.text}${tag ? `  [${tag}]` : ""}`);
        reply.choices?.forEach((c, i) => console.log(`     ${i + 1}: ${c.title}`));
      }
      await result.background;
    }
    rl.prompt();
  }
  rl.close();
  await core.kv.close();
}

main().catch((err: unknown) => {
  console.error((err as Error).message);
  process.exit(1);
});
