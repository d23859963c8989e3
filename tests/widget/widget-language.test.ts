import { describe, expect, it } from "vitest";
import { browserLanguage, inBrowserLanguage } from "../../widget/src/config.js";
import { widgetConfig } from "../../src/channels/web/widget-route.js";
import { testContent } from "../helpers/test-app.js";

describe("the widget's first line follows the browser's language", () => {
  it("reads es, es-MX and es-419 as Spanish, the first of en/es in the list decides, anything else is English", () => {
    expect(browserLanguage(["es"])).toBe("es");
    expect(browserLanguage(["es-MX", "en-US"])).toBe("es");
    expect(browserLanguage(["es-419"])).toBe("es");
    expect(browserLanguage(["en-US", "es"])).toBe("en");
    expect(browserLanguage(["fr-FR", "es-ES"])).toBe("es");
    expect(browserLanguage(["fr-FR"])).toBe("en");
    expect(browserLanguage([])).toBe("en");
    expect(browserLanguage(["estonian-like-tag-et"])).toBe("en");
  });

  it("serves both greetings; a Spanish browser gets the Spanish greeting and buttons, with English as the last button", () => {
    const { clinic, wording } = testContent();
    const config = widgetConfig(clinic, wording);
    const es = inBrowserLanguage(config, "es");
    expect(es.greeting).toBe(wording.es.greeting.web);
    expect(es.greeting).toMatch(/^¡Hola!/);
    expect(es.starters.map((s) => s.title)).toEqual(["Cita gratis", "Cómo funciona", "Costo y seguro", "Hablar con alguien", "English"]);
    const en = inBrowserLanguage(config, "en");
    expect(en.greeting).toBe(clinic.branding.greeting);
    expect(en.starters.at(-1)).toEqual({ title: "Español", payload: "Español" });
  });
});
