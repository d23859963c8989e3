import type { WidgetConfig } from "./config.js";
import { Connection } from "./connection.js";
import type { HistoryFrame, MessageFrame, QuickReply } from "./protocol.js";
import { rememberOpen, wasOpen, type VisitorSession } from "./session.js";
import { buildView, messageBubble, type Speaker, type View } from "./view.js";

/** The typing indicator gives up after this long (the bot stays quiet while staff have taken over). */
const TYPING_TIMEOUT_MS = 15_000;

/**
 * The chat widget: a launcher button and a non-modal dialog with the conversation.
 * Keyboard: the launcher opens it and focus moves to the message box; Escape or the close
 * button closes it and focus returns to the launcher. New messages are announced through
 * a polite live region; messages restored after a reload are shown without being re-read.
 */
export class ChatWidget {
  private readonly view: View;
  private readonly connection: Connection;
  /** Transcript lines this page already shows (its own and the bot's), to merge history without repeats. */
  private known = 0;
  private synced = false;
  private unread = 0;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  private refused = false;
  /** The person's latest message (or a staff message): new replies are shown from here, so a long answer is read from its start. */
  private turnStart: HTMLElement | undefined;

  constructor(
    private readonly shadow: ShadowRoot,
    private readonly config: WidgetConfig,
    session: VisitorSession,
    botOrigin: string,
    language: "en" | "es" = "en",
    /** Told when the panel opens or closes or the launcher changes size (the frame resizes itself in the host page). */
    private readonly onState: (open: boolean, launcher: DOMRect) => void = () => {},
  ) {
    this.view = buildView(shadow, config);
    this.connection = new Connection(botOrigin, session.visitorId, language, {
      message: (frame) => this.onMessage(frame),
      error: (message) => this.onError(message),
      history: (frame) => this.onHistory(frame),
      forbidden: () => this.onForbidden(),
    });
    this.bind();
    // The greeting's buttons are the widget's own, not an offer the bot remembers: they send their payload.
    if (!session.resumed) this.showChoices(config.starters, false);
    // A returning visitor reconnects straight away: history, and staff replies while the panel is closed.
    if (session.resumed) this.connection.start();
    if (wasOpen()) this.open(false);
  }

  private bind(): void {
    const { launcher, close, panel, form, input } = this.view;
    launcher.addEventListener("click", () => (this.isOpen() ? this.close() : this.open(true)));
    close.addEventListener("click", () => this.close());
    panel.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        this.close();
      }
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.submitTyped();
    });
    input.addEventListener("keydown", (event) => {
      // Enter sends, Shift+Enter starts a new line; never while an IME is composing.
      if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitTyped();
      }
    });
    input.addEventListener("input", () => this.fitInput());
  }

  /** Phone-sized page: the open panel fills the frame and the launcher hides behind it. */
  setCompact(compact: boolean): void {
    this.view.root.dataset.compact = String(compact);
    this.reveal();
  }

  /** Reports the panel's state and the launcher's size (on start and after every change). */
  announce(): void {
    this.onState(this.isOpen(), this.view.launcher.getBoundingClientRect());
  }

  private isOpen(): boolean {
    return !this.view.panel.hidden;
  }

  /** Opens the panel; `focus` when the person asked for it (not when restoring after a reload). */
  open(focus: boolean): void {
    const { panel, launcher, root, input } = this.view;
    panel.hidden = false;
    root.dataset.open = "true";
    launcher.setAttribute("aria-expanded", "true");
    rememberOpen(true);
    this.setUnread(0);
    this.announce();
    this.connection.start();
    this.reveal();
    if (focus) input.focus();
  }

  close(): void {
    const { panel, launcher, root } = this.view;
    panel.hidden = true;
    root.dataset.open = "false";
    launcher.setAttribute("aria-expanded", "false");
    rememberOpen(false);
    this.announce();
    launcher.focus();
  }

  private submitTyped(): void {
    const { input } = this.view;
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    this.fitInput();
    this.send(text);
  }

  /** Shows `text` as the person's message and sends it to the bot. */
  private send(text: string): void {
    if (this.refused) return this.onForbidden();
    this.showChoices([], false);
    this.turnStart = this.append(this.view.log, "person", text);
    this.known += 1;
    this.setTyping(true);
    void this.connection.send(text).then((via) => {
      // Over HTTP the answer is complete with the response, even when it is empty (staff have taken over).
      if (via === "http") this.setTyping(false);
    });
  }

  private onMessage(frame: MessageFrame): void {
    this.setTyping(false);
    const speaker: Speaker = frame.kind === "staff" ? "staff" : "bot";
    const bubble = this.append(this.view.log, speaker, frame.text, frame.kind);
    if (speaker === "staff") {
      this.turnStart = bubble;
      this.reveal();
    }
    this.known += 1;
    if (frame.quick_replies) this.showChoices(frame.quick_replies, true);
    if (!this.isOpen()) this.setUnread(this.unread + 1);
  }

  /** A message was refused or could not be sent: show why; the transcript did not record it. */
  private onError(message: string): void {
    this.setTyping(false);
    this.append(this.view.log, "notice", message);
    this.known = Math.max(0, this.known - 1);
  }

  private onHistory(frame: HistoryFrame): void {
    const missing = frame.total - this.known;
    const first = !this.synced;
    this.synced = true;
    // A returning visitor who never wrote anything still gets the greeting's buttons.
    if (first && frame.total === 0 && this.known === 0) this.showChoices(this.config.starters, false);
    if (missing <= 0) return;
    const lines = frame.messages.slice(-missing);
    // The first history of a page restores the conversation quietly; later ones bring missed messages, announced.
    const target = first && this.known === 0 ? this.view.earlier : this.view.log;
    for (const line of lines) this.append(target, line.from, line.text, line.kind);
    this.known = frame.total;
    const last = lines[lines.length - 1];
    this.showChoices(last?.from === "bot" && last.quick_replies ? last.quick_replies : [], true);
    if (!first && !this.isOpen()) this.setUnread(this.unread + lines.filter((l) => l.from !== "person").length);
  }

  private onForbidden(): void {
    this.refused = true;
    this.setTyping(false);
    const { banner, input, form } = this.view;
    banner.textContent = `Chat isn't available on this website. Please call ${this.config.phone}.`;
    banner.hidden = false;
    input.disabled = true;
    form.querySelector("button")?.setAttribute("disabled", "");
  }

  private append(target: HTMLElement, speaker: Speaker, text: string, kind?: string): HTMLElement {
    const bubble = messageBubble(speaker, text, kind);
    target.append(bubble);
    this.reveal();
    return bubble;
  }

  /**
   * Quick replies of the latest message (or the greeting's starters); older ones are removed.
   * A button the bot offered sends its title, which the bot maps back to the payload (it
   * remembers what it offered): the transcript then reads "Tue, Nov 24 at 10:00 AM PT", not
   * "slot:2026-11-24T18:00:00.000Z". Duplicate titles fall back to payloads.
   */
  private showChoices(choices: readonly QuickReply[], offeredByBot: boolean): void {
    const titles = new Set(choices.map((c) => c.title.trim().toLowerCase()));
    // The bot compares titles after normalising white space, so only a title that survives that unchanged can stand in.
    const plain = choices.every((c) => c.title === c.title.normalize("NFKC").replace(/\s+/g, " ").trim());
    const sendTitle = offeredByBot && plain && titles.size === choices.length;
    const { choices: group } = this.view;
    // Removing the focused button would drop focus to the page; keep it in the panel instead.
    const hadFocus = group.contains(this.shadow.activeElement);
    group.replaceChildren(
      ...choices.map((choice) => {
        const button = document.createElement("button");
        button.type = "button";
        button.className = "choice";
        button.textContent = choice.title;
        button.addEventListener("click", (event) => {
          // The button is about to go; keep focus in the panel. A tap on a phone must not pop up the
          // keyboard, so touch moves focus to the conversation (event.detail is 0 for Enter or Space).
          if (event.detail === 0 || !matchMedia("(pointer: coarse)").matches) this.view.input.focus();
          else this.view.scroll.focus({ preventScroll: true });
          // The bubble shows what was sent, so it reads the same after a reload (the history is the transcript).
          this.send(sendTitle ? choice.title : choice.payload);
        });
        return button;
      }),
    );
    if (hadFocus) this.view.input.focus();
    this.reveal();
  }

  private setTyping(on: boolean): void {
    clearTimeout(this.typingTimer);
    this.typingTimer = undefined;
    this.view.typing.hidden = !on;
    if (on) {
      this.typingTimer = setTimeout(() => this.setTyping(false), TYPING_TIMEOUT_MS);
      this.reveal();
    }
  }

  private setUnread(count: number): void {
    this.unread = count;
    const { badge } = this.view;
    badge.hidden = count === 0;
    const spoken = document.createElement("span");
    spoken.className = "sr-only";
    spoken.textContent = count === 1 ? " new message" : " new messages";
    badge.replaceChildren(String(count), spoken);
    this.announce();
  }

  /** Scrolls to the newest messages, but never past the start of the current turn. */
  private reveal(): void {
    const { scroll } = this.view;
    const end = scroll.scrollHeight - scroll.clientHeight;
    scroll.scrollTop = this.turnStart ? Math.min(end, this.turnStart.offsetTop - 12) : end;
  }

  /** Grows the message box with its text, up to its maximum height. */
  private fitInput(): void {
    const { input } = this.view;
    input.style.height = "auto";
    input.style.height = `${Math.min(input.scrollHeight + 2, 128)}px`;
  }
}
