import { randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { keys } from "../../src/state/keys.js";
import { lastChoices, smsView, startBookingApp, webView, type BookingHarness } from "../flows/booking-harness.js";

// Monday 23 Nov 2026, 9:00 AM in New York (6:00 AM at the Los Angeles clinic).
const MONDAY_9AM_ET = "2026-11-23T14:00:00Z";

describe("a conversation in Spanish: booking on the web and by SMS", () => {
  let h: BookingHarness;
  afterEach(async () => {
    await h.close();
  });

  it("web: from 'quiero hacer una cita' to booked, every line in Spanish, times with luxon's Spanish dates", async () => {
    h = await startBookingApp(MONDAY_9AM_ET);
    const user = randomUUID();
    const send = (text: string) => h.web(user, text);

    const asked = await send("Hola, quiero hacer una cita");
    expect(webView(asked)).toMatch(/^Soy el asistente automático de Harbor Ketamine Clinic, no un profesional de salud\./);
    expect(webView(asked)).toMatch(/consulta gratis por teléfono de 15 minutos\. ¿En qué zona horaria estás\?/);
    expect(lastChoices(asked).map((c) => c.title)).toEqual(["Este", "Centro", "Montaña", "Pacífico"]);

    const offered = await send("Pacífico");
    expect(webView(offered)).toMatch(/^Estas son las próximas horas libres\. Elige una, o dime qué día y hora te quedan mejor\.$/);
    expect(lastChoices(offered)[0]).toEqual({ title: "lunes 23 de noviembre a las 9:00 a. m. PT", payload: "slot:2026-11-23T17:00:00.000Z" });

    const afternoon = await send("mañana en la tarde");
    expect(webView(afternoon)).toMatch(/^Esto es lo que hay libre el martes 24 de noviembre entre las 12 PM y las 5 PM\./);
    expect(lastChoices(afternoon).map((c) => c.title)[0]).toBe("martes 24 de noviembre a las 1:00 p. m. PT");

    const held = await send("1");
    expect(webView(held)).toMatch(/^Martes 24 de noviembre a las 1:00 p\. m\. PT es tuyo por los próximos 5 minutos\. ¿Qué nombre y número de teléfono usamos\?/);

    const confirm = await send("Ana Rivera, 213-555-0134");
    expect(webView(confirm)).toMatch(/^Por favor revisa: consulta gratis por teléfono de 15 minutos el martes 24 de noviembre a las 1:00 p\. m\. PT\. Llamaremos a Ana Rivera al \(213\) 555-0134\./);
    expect(lastChoices(confirm).map((c) => c.title)).toEqual(["Reservar y avisarme", "Reservar sin textos", "Cambiar algo"]);

    // The number is confirmed first: a 6-digit code goes to it by SMS, asked for in Spanish.
    expect(webView(await send("Reservar y avisarme"))).toMatch(/^Para confirmar que el \(213\) 555-0134 es tuyo, le envié un código de 6 dígitos/);
    const booked = await h.code(user);
    expect(webView(booked)).toMatch(/^¡Listo! Tu consulta quedó reservada para el martes 24 de noviembre a las 1:00 p\. m\. PT\. Harbor Ketamine Clinic te llamará al \(213\) 555-0134/);
    expect(webView(booked)).toMatch(/Te enviaremos un recordatorio 1 hora antes\./);
    // The text confirmation is in Spanish too (no drug, no clinic name), and the reminder will be.
    expect(h.sms.sent.filter((m) => m.purpose === "verification")[0]!.body).toMatch(/^Tu codigo es \d{6}\./);
    const confirmations = h.sms.sent.filter((m) => m.purpose !== "verification");
    expect(confirmations).toHaveLength(1);
    expect(confirmations[0]!.body).toBe(
      'Tu consulta gratis por telefono quedo reservada para el martes 24 de noviembre a las 1:00 p. m. PT. Te llamaremos al (213) 555-0134 y te enviaremos un recordatorio 1 hora antes. Para cancelarla, escribe "cancelar mi llamada" o llama al (555) 010-0199.',
    );
    const [reminder] = await h.t.app.store.kv.zrangeByScore(keys.reminderQueue(), 0, Number.POSITIVE_INFINITY);
    expect(JSON.parse((await h.t.app.store.kv.get(keys.reminder(reminder!.member)))!)).toMatchObject({ language: "es" });
  });

  it("SMS: 'quiero una cita' to booked in four texts, the sender's number confirmed, SI to book", async () => {
    h = await startBookingApp(MONDAY_9AM_ET);
    const from = "+12135550134"; // a Los Angeles number
    const send = async (body: string) => smsView(await h.text(from, body));

    const first = await send("hola, quiero una cita");
    expect(first).toMatch(/^Soy el asistente automatico|^Soy el asistente automático/);
    expect(first).toMatch(/Te muestro las horas en hora del Pacífico; dime tu zona horaria si no es esa\. Estas son las próximas horas libres\. Responde 1-3, o dime un dia y una hora\./);
    expect(first).toMatch(/\n1: lunes 23 de noviembre a las 9:00 a\. m\. PT/);

    const held = await send("el lunes a las 10");
    expect(held).toBe("Lunes 23 de noviembre a las 10:00 a. m. PT queda apartado 5 min. ¿A nombre de quién la reservamos?");

    const confirm = await send("Ana Rivera");
    expect(confirm).toBe(
      "Por favor revisa: consulta gratis por telefono de 15 minutos el lunes 23 de noviembre a las 10:00 a. m. PT. ¿Te llamamos, Ana Rivera, al (213) 555-0134 (este número)? Te enviaremos un recordatorio 1 hora antes. Responde SI para reservar, o dime que cambiar.",
    );

    const booked = await send("sí");
    expect(booked).toBe(
      "¡Listo! Tu consulta quedo reservada para el lunes 23 de noviembre a las 10:00 a. m. PT. Te llamaremos al (213) 555-0134 para tu consulta gratis de 15 minutos. Te enviaremos un recordatorio 1 hora antes. Para cancelarla, escribe \"cancelar mi llamada\".",
    );
    const stored = await h.t.app.scheduler.findByPhone(from);
    expect(stored.kind === "found" && stored.bookings).toMatchObject([{ start: "2026-11-23T18:00:00.000Z", name: "Ana Rivera", timeZone: "America/Los_Angeles" }]);
  });
});
