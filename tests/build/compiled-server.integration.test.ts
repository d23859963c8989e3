import { startArgs } from "../helpers/start-command.js";
import { createHash, randomUUID } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { spawnBot, type BotProcess } from "../helpers/spawn-bot.js";
import { openSocket } from "../widget/socket-client.js";

const ROOT = resolve(import.meta.dirname, "../..");

/**
 * The compiled server as `npm start` runs it: `node dist/main.js` (built by the global setup
 * with scripts/build.mjs), no tsx. It finds faq/, intents/, training/, vocabulary/, clinic/ and
 * src/safety/*.yaml from dist/ through PROJECT_ROOT, and serves the prebuilt dist/widget.js and dist/widget-frame.js.
 */
describe("the compiled server (dist/main.js)", () => {
  let bot: BotProcess;
  beforeAll(async () => {
    bot = await spawnBot({ RATE_LIMIT_PER_MINUTE: "100000" }, 120_000);
  }, 150_000);
  afterAll(async () => {
    await bot?.stop();
  });

  it("runs node on the bundle, without tsx", () => {
    expect(bot.child.spawnargs.slice(1)).toEqual(startArgs());
    expect(startArgs().at(-1)).toBe("dist/main.js");
    expect(readFileSync(resolve(ROOT, "dist/main.js"), "utf8")).not.toMatch(/from "tsx/);
  });

  it("bundles botkit with stand-ins for the Bot Framework clients and recognizers it never runs, and is ASCII", () => {
    const bundle = readFileSync(resolve(ROOT, "dist/main.js"), "utf8");
    expect(bundle).toContain("// node_modules/botkit/lib/core.js");
    for (const unused of ["@microsoft/recognizers-text-date-time", "@azure/msal-node", "axios"]) {
      expect(bundle).not.toContain(`// node_modules/${unused}/`);
      expect(bundle).toContain(`// botkit-unused:${unused}`);
    }
    expect(bundle).not.toMatch(/[^\x00-\x7f]/);
  });

  it("bundles the packages it imports (one file to load at start-up), leaving twilio and dictionary-en in node_modules", () => {
    const chunks = readdirSync(resolve(ROOT, "dist/chunks")).filter((name) => name.endsWith(".js"));
    const code = ["dist/main.js", ...chunks.map((name) => `dist/chunks/${name}`)].map((file) => readFileSync(resolve(ROOT, file), "utf8")).join("\n");
    for (const bundled of ["@redis/client", "express", "zod", "chrono-node", "luxon", "pino", "body-parser", "iconv-lite"])
      expect(code.includes(`// node_modules/${bundled}/`), bundled).toBe(true);
    const imports = [...code.matchAll(/^import [^;]*? from "([^"]+)"/gm)]
      .map((m) => m[1]!)
      .filter((from) => !from.startsWith("node:") && !from.startsWith("."));
    expect(imports.filter((from) => !from.startsWith("twilio/") && from !== "esbuild")).toEqual([]);
    expect(code.includes("// node_modules/twilio/")).toBe(false);
    expect(code.includes("// node_modules/dictionary-en/")).toBe(false);
  });

  it("finds what the build parsed each data file to, so start-up parses no YAML the build already did", () => {
    const cache = readFileSync(resolve(ROOT, "dist/models/parsed-yaml.txt"), "utf8").split("\n");
    expect(cache[0]).toBe("parsed-yaml 1");
    const faqFiles = readdirSync(resolve(ROOT, "faq")).filter((name) => name.endsWith(".yaml"));
    const kept = new Set(cache.slice(1).map((line) => line.slice(0, line.indexOf("\t"))));
    for (const name of faqFiles)
      expect(kept, `faq/${name}`).toContain(
        createHash("sha1")
          .update(readFileSync(resolve(ROOT, "faq", name), "utf8"))
          .digest("base64"),
      );
  });

  it("answers a FAQ question on the web channel from the knowledge base and models", async () => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "message", text: "how many treatments would i need", user: randomUUID() }),
    });
    expect(res.status).toBe(200);
    const replies = (await res.json()) as { faq?: string; text: string }[];
    expect(replies.some((r) => r.faq === "number-of-treatments")).toBe(true);
  });

  it("answers a crisis message with the crisis reply (the safety patterns under src/safety/ are found from dist/)", async () => {
    const res = await fetch(`${bot.url}/api/messages`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ type: "message", text: "i want to kill myself", user: randomUUID() }),
    });
    expect(res.status).toBe(200);
    const replies = (await res.json()) as { text: string; kind?: string }[];
    expect(replies.map((r) => r.text).join(" ")).toMatch(/988/);
  });

  it("serves the widget that npm run build wrote to dist/widget.js", async () => {
    const res = await fetch(`${bot.url}/widget.js`, { headers: { "accept-encoding": "identity" } });
    expect(res.status).toBe(200);
    const body = await res.text();
    expect(body).toContain(readFileSync(resolve(ROOT, "dist/widget.js"), "utf8"));
    // The chat itself, inside the frame the embedding script places.
    const frame = await fetch(`${bot.url}/widget/frame.js`, { headers: { "accept-encoding": "identity" } });
    expect(frame.status).toBe(200);
    expect(await frame.text()).toContain(readFileSync(resolve(ROOT, "dist/widget-frame.js"), "utf8"));
  });

  it("answers botkit's web client hello and welcome_back events with the greeting, not an error frame", async () => {
    const socket = await openSocket(bot.url);
    try {
      socket.send({ type: "hello", user: randomUUID(), channel: "socket" });
      socket.send({ type: "welcome_back", user: randomUUID(), channel: "socket" });
      await socket.waitFor(() => socket.frames.length >= 2);
      expect(socket.frames).toHaveLength(2);
      for (const frame of socket.frames) {
        expect(frame.type).toBe("message");
        expect(frame.kind).toBe("menu");
        expect(String(frame.text)).toMatch(/assistant|Hi/i);
      }
    } finally {
      socket.close();
    }
  });
});
