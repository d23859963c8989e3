/**
 * The widget's styles, inside its shadow root so the host page's CSS cannot reach in and
 * ours cannot leak out. Colours come from custom properties set from the clinic's
 * branding; every pair used for text meets WCAG AA (4.5:1).
 */
export const styles = `
:host { all: initial; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
.cbw {
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: #1b1f23;
  -webkit-font-smoothing: antialiased;
}
.sr-only {
  position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0;
  overflow: hidden; clip: rect(0 0 0 0); clip-path: inset(50%); white-space: nowrap; border: 0;
}
button, textarea { font: inherit; color: inherit; }
button { cursor: pointer; }
:focus-visible { outline: 3px solid var(--ink); outline-offset: 2px; }

.launcher {
  position: fixed; right: 20px; bottom: 20px; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: 8px;
  min-height: 52px; padding: 0 22px 0 18px;
  border: 0; border-radius: 999px;
  background: var(--accent); color: var(--on-accent);
  font-weight: 600; letter-spacing: .01em;
  box-shadow: 0 6px 20px rgba(15, 23, 42, .28);
  transition: transform .15s ease, box-shadow .15s ease;
}
.launcher:focus-visible { outline: 3px solid #1b1f23; outline-offset: 3px; box-shadow: 0 0 0 3px #fff, 0 6px 20px rgba(15, 23, 42, .28); }
.launcher svg { width: 22px; height: 22px; flex: none; }
.badge {
  min-width: 22px; height: 22px; padding: 0 6px; border-radius: 999px;
  background: #fff; color: #a4161a; font-size: 13px; font-weight: 700; line-height: 22px; text-align: center;
}

.panel {
  position: fixed; right: 20px; bottom: 88px; z-index: 2147483001;
  display: flex; flex-direction: column;
  width: 384px; max-width: calc(100vw - 40px);
  height: 620px; max-height: calc(100vh - 112px);
  background: #fff; border-radius: 16px; overflow: hidden;
  box-shadow: 0 12px 40px rgba(15, 23, 42, .28), 0 0 0 1px rgba(15, 23, 42, .08);
  animation: cbw-in .2s ease-out;
}
@keyframes cbw-in { from { opacity: 0; transform: translateY(12px); } to { opacity: 1; transform: none; } }

.head {
  display: flex; align-items: center; gap: 12px;
  padding: 12px 10px 12px 16px;
  background: var(--accent); color: var(--on-accent);
}
.logo {
  display: grid; place-items: center; flex: none;
  width: 40px; height: 40px; border-radius: 50%;
  background: var(--on-accent); color: var(--accent);
  font-size: 15px; font-weight: 700; object-fit: cover;
}
.titles { min-width: 0; }
.title { margin: 0; font-size: 17px; font-weight: 700; line-height: 1.25; overflow-wrap: anywhere; }
.subtitle { margin: 2px 0 0; font-size: 13px; line-height: 1.3; }
.close {
  display: grid; place-items: center; flex: none; margin-left: auto;
  width: 44px; height: 44px; border: 0; border-radius: 10px;
  background: transparent; color: var(--on-accent);
}
.close:focus-visible { outline-color: var(--on-accent); outline-offset: -4px; }
.close svg { width: 22px; height: 22px; }

.banner { margin: 0; padding: 10px 16px; background: #fff4ce; color: #4d3800; font-size: 14px; border-bottom: 1px solid #e7d08a; }

.scroll {
  position: relative;
  flex: 1; min-height: 0; overflow-y: auto; overscroll-behavior: contain;
  display: flex; flex-direction: column; gap: 10px;
  padding: 16px 14px;
  background: #fff;
}
.scroll:focus { outline: none; }
.scroll:focus-visible { outline: 3px solid var(--ink); outline-offset: -3px; }
.earlier, .log { display: flex; flex-direction: column; gap: 10px; }
.msg {
  max-width: 86%; padding: 10px 14px; border-radius: 18px;
  white-space: pre-wrap; overflow-wrap: anywhere; word-break: normal;
}
.msg a { color: inherit; text-decoration: underline; text-underline-offset: 2px; }
.bot { align-self: flex-start; background: #eef2f6; border-bottom-left-radius: 6px; }
.bot a { color: var(--ink); }
.person { align-self: flex-end; background: var(--accent); color: var(--on-accent); border-bottom-right-radius: 6px; }
.person :focus-visible { outline-color: var(--on-accent); }
.staff { align-self: flex-start; background: #fff8e6; border: 1px solid #d9b54a; border-bottom-left-radius: 6px; }
.who { display: block; margin-bottom: 2px; font-size: 13px; font-weight: 700; color: #5f4500; }
.crisis { align-self: flex-start; background: #fff; border: 2px solid #b42318; border-bottom-left-radius: 6px; }
.notice { align-self: stretch; max-width: none; border-radius: 10px; background: #fdecea; color: #7a1a12; font-size: 15px; }

.choices { display: flex; flex-wrap: wrap; gap: 8px; padding-top: 2px; }
.choices:empty { display: none; }
.choice {
  min-height: 44px; padding: 8px 16px;
  border: 2px solid var(--ink); border-radius: 999px;
  background: #fff; color: var(--ink);
  font-size: 15px; font-weight: 600; line-height: 1.25; text-align: left;
}

.typing {
  align-self: flex-start; display: inline-flex; gap: 5px; align-items: center;
  padding: 14px 16px; border-radius: 18px; border-bottom-left-radius: 6px; background: #eef2f6;
}
.typing span { width: 8px; height: 8px; border-radius: 50%; background: #57606a; animation: cbw-dot 1.2s infinite ease-in-out; }
.typing span:nth-child(2) { animation-delay: .15s; }
.typing span:nth-child(3) { animation-delay: .3s; }
@keyframes cbw-dot { 0%, 60%, 100% { transform: none; opacity: .55; } 30% { transform: translateY(-4px); opacity: 1; } }

.compose { display: flex; gap: 8px; align-items: flex-end; padding: 10px 12px; border-top: 1px solid #d0d7de; background: #fff; }
.input {
  flex: 1; min-width: 0; min-height: 44px; max-height: 128px; resize: none;
  padding: 10px 12px; border: 1px solid #6e7781; border-radius: 12px;
  background: #fff; color: #1b1f23; font-size: 16px; line-height: 1.4;
}
.input::placeholder { color: #59636e; opacity: 1; }
.input:focus-visible { outline-offset: 0; border-color: var(--ink); }
.send {
  display: grid; place-items: center; flex: none;
  width: 44px; height: 44px; border: 0; border-radius: 50%;
  background: var(--accent); color: var(--on-accent);
}
.send svg { width: 20px; height: 20px; }
.note { margin: 0; padding: 0 14px 10px; font-size: 12.5px; line-height: 1.35; color: #4f5861; text-align: center; background: #fff; }

/* Hover styles only where there is a pointer that hovers: on touch screens a tapped spot stays "hovered". */
@media (hover: hover) {
  .launcher:hover { transform: translateY(-1px); box-shadow: 0 8px 24px rgba(15, 23, 42, .32); }
  .close:hover { background: rgba(255, 255, 255, .16); }
  .choice:hover { background: var(--ink); color: #fff; }
}
/* A phone-sized host page (the embedding script says so: the frame's own width cannot tell). */
.cbw[data-compact="true"] .panel { inset: 0; width: 100%; max-width: none; height: 100%; max-height: none; border-radius: 0; }
.cbw[data-compact="true"][data-open="true"] .launcher { display: none; }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
@media (forced-colors: active) {
  .msg, .choice, .launcher, .panel, .typing { border: 1px solid CanvasText; }
}
`;
