import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app.js";
import { parseConfig } from "../../src/config.js";
import type { Content } from "../../src/content.js";
import type { FaqEntry } from "../../src/knowledge/types.js";
import { createLogger } from "../../src/logging/logger.js";
import { toGsm7 } from "../../src/channels/sms/to-gsm7.js";
import { postMessage, say, startTestApp, testContent, type TestApp, type WebReplyJson } from "../helpers/test-app.js";
import { waitFor } from "../state/kv.contract.js";
import { FakeTwilioApi } from "../sms/helpers/fake-twilio.js";
import { newPhone, smsEnv, text } from "../sms/helpers/twilio-webhook.js";

/**
 * A TEST FIXTURE, not curated content: one entry with a Spanish block, so the test can tell a
 * Spanish answer from the English one with its "only in English" line. The real `es:` blocks are
 * written and reviewed in faq/ by the knowledge-base work.
 */
const FIXTURE_ES: NonNullable<FaqEntry["es"]> = {
  topic: "Cuánto duran los efectos (prueba)",
  questions: Array.from({ length: 12 }, (_, i) => `pregunta de prueba ${i}`),
  answers: { sms: "FIXTURE-ES: respuesta de prueba por SMS sobre cuanto duran los efectos.", web: "FIXTURE-ES: respuesta de prueba en la web sobre cuánto duran los efectos. Horario: {officeHours}." },
};

function contentWithSpanishFixture(): Content {
  const base = testContent();
  const faq = new Map(base.kb.faq);
  faq.set("effects-duration", { ...faq.get("effects-duration")!, es: FIXTURE_ES });
  // And one entry without its Spanish block, to show the "only in English" line.
  const { es: _es, ...isItSafe } = faq.get("is-it-safe")!;
  faq.set("is-it-safe", isItSafe);
  return { ...base, kb: { ...base.kb, faq } };
}

async function startWith(content: Content): Promise<TestApp> {
  const config = parseConfig({ NODE_ENV: "test", PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", RATE_LIMIT_PER_MINUTE: "1000" });
  const app = await createApp(config, content, { logger: createLogger("silent") });
  const port = await app.listen();
  return { app, url: `http://127.0.0.1:${port}`, close: () => app.close() };
}

const view = (replies: readonly WebReplyJson[]) => replies.map((r) => r.text).join("\n");
const buttons = (replies: readonly WebReplyJson[]) => replies.flatMap((r) => r.quick_replies ?? []).map((q) => q.title);

describe("language per conversation", () => {
  let t: TestApp | undefined;
  let api: FakeTwilioApi | undefined;
  afterEach(async () => {
    await t?.close();
    await api?.stop();
    t = undefined;
    api = undefined;
  });

  it("switches mid-conversation: English, then 'Español' (the web button), Spanish answers, an untranslated answer said so, then 'in english please'", async () => {
    t = await startWith(contentWithSpanishFixture());
    const user = randomUUID();
    const send = (text: string) => say(t!.url, user, text);

    const english = await send("how long do the effects last?");
    expect(view(english)).toMatch(/^I'm Harbor Ketamine Clinic's automated assistant/);
    expect(english.find((r) => r.faq === "effects-duration")?.text).not.toMatch(/FIXTURE-ES/);

    const switched = await send("Español");
    expect(view(switched)).toBe("Claro, desde ahora te escribo en español. ¿Qué te gustaría saber?");
    expect(buttons(switched)).toEqual(["Cita gratis", "Cómo funciona", "Costo y seguro", "Hablar con alguien"]);

    const spanish = await send("cuanto dura el efecto");
    expect(view(spanish)).toMatch(/^FIXTURE-ES: respuesta de prueba en la web/);
    // Clinic hours in a Spanish answer read in Spanish.
    expect(view(spanish)).toContain("Horario: lun-jue 8:30 AM-5:30 PM, vie 8:30 AM-4:30 PM hora del Pacífico, sin horario de noche ni de fin de semana.");

    // is-it-safe has no Spanish block here: the English answer, with one Spanish line first.
    const untranslated = await send("es seguro la ketamina");
    expect(untranslated[0]).toMatchObject({ text: "Esta respuesta todavía solo está en inglés:", intent: "not-translated" });
    expect(untranslated[1]).toMatchObject({ faq: "is-it-safe" });

    const back = await send("in english please");
    expect(view(back)).toBe("Sure, I'll write in English from now on. What would you like to know?");
    // The choice sticks: a Spanish word later does not switch back.
    const after = await send("gracias");
    expect(view(after)).toMatch(/^You're welcome!/);
  });

  it("'do you speak spanish?' switches and also answers who speaks what, in Spanish; 'Español' alone only switches", async () => {
    t = await startWith(testContent());
    const asked = await say(t.url, randomUUID(), "do you speak spanish?");
    expect(view(asked)).toMatch(/Claro, desde ahora te escribo en español\./);
    expect(asked.find((r) => r.faq === "clinic-languages")?.text).toMatch(/inglés y español/);
    const chosen = await say(t.url, randomUUID(), "Español");
    expect(chosen.some((r) => r.faq)).toBe(false);
  });

  it("switches mid-booking and asks the booking's next question again in the new language", async () => {
    t = await startWith(contentWithSpanishFixture());
    const user = randomUUID();
    const asked = await say(t.url, user, "I'd like to book a consult");
    expect(view(asked)).toMatch(/Which time zone are you in\?/);
    const switched = await say(t.url, user, "espanol");
    expect(view(switched)).toMatch(/^Claro, desde ahora te escribo en español\.[\s\S]*¿En qué zona horaria estás\?/);
    expect(buttons(switched)).toEqual(["Este", "Centro", "Montaña", "Pacífico"]);
  });

  it("guesses the language from the first message, and takes the widget's language when the words say nothing", async () => {
    t = await startWith(contentWithSpanishFixture());
    expect(view(await say(t.url, randomUUID(), "hola, cuanto cuesta?"))).toMatch(/^Soy el asistente automático/);
    expect(view(await say(t.url, randomUUID(), "hello, how much is it?"))).toMatch(/^I'm Harbor Ketamine Clinic's automated assistant/);
    const hinted = await postMessage(t.url, { type: "message", text: "ketamina?", user: randomUUID(), language: "es" });
    expect(view(hinted.json as WebReplyJson[])).toMatch(/^Soy el asistente automático/);
    // Unsure in Spanish: the "did you mean" buttons are Spanish too (intent titles from wording/es.yaml).
    const unsure = await say(t.url, randomUUID(), "pues una cita o info o algo");
    const offered = buttons(unsure);
    expect(unsure.some((r) => r.intent === "suggestions")).toBe(true);
    expect(offered).toContain("Reservar una cita");
    expect(offered.at(-1)).toBe("Otra cosa");
    expect(offered).not.toContain("Book a free consult");
    const bad = await postMessage(t.url, { type: "message", text: "hi", user: randomUUID(), language: "fr" });
    expect(bad.status).toBe(400);
    expect((bad.json as { error: { message: string } }).error.message).toBe('language must be "en" or "es"');
  });

  it("a Spanish crisis by SMS: the Spanish crisis reply (988 press 2, AYUDA, 911) at once, and a language-neutral urgent alert to staff", async () => {
    api = new FakeTwilioApi();
    await api.start();
    const onCall = newPhone();
    t = await startTestApp({ ...smsEnv(api.url), STAFF_ALERT_NUMBERS: onCall });
    const phone = newPhone();
    const first = await text(t.url, phone, "hola, cuanto cuesta el tratamiento?");
    expect(first.join("\n")).toMatch(/^Soy el asistente automatico|^Soy el asistente automático/);

    const replies = (await text(t.url, phone, "ya no quiero vivir, me quiero matar")).join("\n");
    expect(replies).toContain(toGsm7(t.app.services.wording.es.crisis.sms));
    expect(replies).toMatch(/911/);
    expect(replies).toMatch(/988 y marca 2/);
    expect(replies).toMatch(/AYUDA/);
    expect(replies).not.toMatch(/cita|reservar/i);

    await waitFor(() => api!.creates.some((r) => r.form.To === onCall), 15_000);
    const alert = api.creates.find((r) => r.form.To === onCall)!.form.Body ?? "";
    expect(alert).toMatch(/URGENT/);
    // Alerts never carry the person's words, in any language.
    expect(alert).not.toMatch(/vivir|matar|quiero/i);
    await waitFor(async () => (await t!.app.store.handoffs.list()).some((h) => h.reason === "crisis" && h.urgency === "urgent"), 15_000);

    // A conversation that starts in crisis in Spanish stays Spanish, and careful (no booking pushed).
    const other = newPhone();
    expect((await text(t.url, other, "me quiero matar")).join("\n")).toMatch(/^Siento mucho/);
    await waitFor(async () => (await t!.app.store.conversations.load(`sms:${other}`))?.language === "es", 15_000);
    // What follows within minutes is read with the crisis message: the Spanish check-in, not a booking prompt.
    const next = (await text(t.url, other, "ok")).join("\n");
    expect(next).toMatch(/a salvo en este momento/);
    expect(next).toMatch(/988 y marca 2/);
    expect(next).not.toMatch(/Cita gratis/);
    await text(t.url, other, "si, estoy a salvo");
    const later = (await text(t.url, other, "ok")).join("\n");
    expect(later).toMatch(/^Puedo responder preguntas sobre el tratamiento con ketamina/);
    expect(later).not.toMatch(/Cita gratis/);
  });
});
