import { describe, expect, it } from "vitest";
import { LanguageGuesser } from "../../src/nlu/language.js";
import { detectLanguage, LanguageSwitch } from "../../src/pipeline/language.js";

const guesser = new LanguageGuesser();
const switcher = new LanguageSwitch();
const state = (over: Partial<{ language: "en" | "es"; languageChosen: boolean; turns: number; dialog: { name: string; step: string; data: Record<string, unknown>; startedAt: string } | null }> = {}) => ({
  language: undefined,
  languageChosen: undefined,
  turns: 1,
  dialog: null,
  ...over,
});

describe("the conversation's language", () => {
  it("is read from the first messages", () => {
    expect(detectLanguage(state(), "hola, cuanto cuesta?", guesser)).toBe("es");
    expect(detectLanguage(state(), "how much does it cost?", guesser)).toBe("en");
    expect(detectLanguage(state({ language: "en", turns: 2 }), "y cuanto dura el efecto?", guesser)).toBe("es");
  });

  it("keeps its language when a message has no clue, and takes the widget's hint in a new conversation", () => {
    expect(detectLanguage(state({ language: "es", turns: 4 }), "ok", guesser)).toBe("es");
    expect(detectLanguage(state(), "ketamina?", guesser, "es")).toBe("es");
    expect(detectLanguage(state({ language: "en", turns: 3 }), "ketamina?", guesser, "es")).toBe("en");
  });

  it("later changes only on a clear run of the other language, never for a name like 'Maria de la Cruz', never mid-booking", () => {
    const later = state({ language: "en", turns: 5 });
    expect(detectLanguage(later, "Maria de la Cruz", guesser)).toBe("en");
    expect(detectLanguage(later, "perdon, prefiero que me expliques como es el tratamiento y cuanto cuesta", guesser)).toBe("es");
    const booking = state({ language: "en", turns: 5, dialog: { name: "booking", step: "contact", data: {}, startedAt: "2026-11-23T14:00:00Z" } });
    expect(detectLanguage(booking, "perdon, prefiero que me expliques como es el tratamiento y cuanto cuesta", guesser)).toBe("en");
  });

  it("never changes a language the person chose", () => {
    expect(detectLanguage(state({ language: "en", languageChosen: true, turns: 1 }), "hola, cuanto cuesta el tratamiento?", guesser)).toBe("en");
  });
});

describe("asking for a language (vocabulary/language-switch.yaml)", () => {
  it("reads 'English', 'Español', 'espanol', 'in english please', 'en español por favor', 'can we speak spanish'", () => {
    for (const text of ["English", "english!", "in english please", "English pls", "can we speak english?"]) expect(switcher.requested(text), text).toBe("en");
    for (const text of ["Español", "espanol", "en español por favor", "Spanish please", "can we speak spanish", "hablame en espanol"]) expect(switcher.requested(text), text).toBe("es");
  });

  it("leaves questions that mention a language alone", () => {
    for (const text of ["is the consult in spanish?", "do you have staff who speak spanish", "hablan español en la clinica?", "english or spanish", "no hablo ingles"]) {
      expect(switcher.requested(text), text).toBeNull();
    }
  });
});
