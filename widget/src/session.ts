/**
 * The visitor id and the panel's open state, kept in sessionStorage so a reload continues
 * the conversation and closing the tab forgets it. The visitor id is the bearer secret of
 * the conversation: it never goes into a URL.
 */
const VISITOR_KEY = "consultBot.visitorId";
const OPEN_KEY = "consultBot.open";

function storage(): Storage | undefined {
  try {
    return window.sessionStorage;
  } catch {
    // Storage blocked by the browser's privacy settings: the conversation lasts as long as the page.
    return undefined;
  }
}

/** Who this tab is to the bot. */
export interface VisitorSession {
  readonly visitorId: string;
  /** A conversation was already under way in this tab (a reload, or another page of the site). */
  readonly resumed: boolean;
}

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;

/** The tab's visitor id: the saved one, or a new random one (saved for the next page). */
export function loadVisitor(): VisitorSession {
  const store = storage();
  const saved = store?.getItem(VISITOR_KEY);
  if (saved && UUID_V4.test(saved)) return { visitorId: saved, resumed: true };
  const visitorId = randomUuid();
  try {
    store?.setItem(VISITOR_KEY, visitorId);
  } catch {
    // Quota or privacy mode: carry on for this page only.
  }
  return { visitorId, resumed: false };
}

/** Whether the panel was open on the previous page of this tab. */
export function wasOpen(): boolean {
  return storage()?.getItem(OPEN_KEY) === "1";
}

/** Remembers the panel's state for the next page of this tab. */
export function rememberOpen(open: boolean): void {
  try {
    if (open) storage()?.setItem(OPEN_KEY, "1");
    else storage()?.removeItem(OPEN_KEY);
  } catch {
    // Not remembering the panel state is harmless.
  }
}

/** crypto.randomUUID exists only on https pages; getRandomValues works everywhere. */
function randomUuid(): string {
  if (typeof crypto.randomUUID === "function" && window.isSecureContext) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
