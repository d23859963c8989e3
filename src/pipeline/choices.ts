import type { Choice, Reply } from "../domain/message.js";

/**
 * Resolves a pick from the choices the bot offered last: "2", "2.", "#2" or a button's
 * title become that choice's payload. Anything else is returned unchanged.
 */
export function resolveChoice(text: string, choices: readonly Choice[] | undefined): string {
  if (!choices?.length) return text;
  const number = /^#?\s*(\d{1,2})\s*[.)]?$/.exec(text.trim());
  if (number) {
    const choice = choices[Number(number[1]) - 1];
    return choice ? choice.payload : text;
  }
  const lowered = text.trim().toLowerCase();
  return choices.find((c) => c.title.toLowerCase() === lowered)?.payload ?? text;
}

/** The choices of the last reply that offered any, to remember for the next turn. */
export function lastChoicesOf(replies: readonly Reply[]): Choice[] | undefined {
  for (let i = replies.length - 1; i >= 0; i--) {
    const choices = replies[i]?.choices;
    if (choices?.length) return choices.map((c) => ({ title: c.title, payload: c.payload }));
  }
  return undefined;
}
