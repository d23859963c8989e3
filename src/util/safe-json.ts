/** `JSON.parse`, or undefined when the text is not JSON (a stored value from an older or broken writer). */
export function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}
