/**
 * The console's one script, served at /staff/console.js (the Content-Security-Policy allows no
 * inline script). Pages work without it; with it:
 * - `[data-live]` regions (the queue, the call list) are re-read from the server when
 *   /staff/events says their topic changed, and once a minute for the waiting times; these
 *   reads do not renew the session, and a signed-out page goes to the sign-in page;
 * - the title shows the number of urgent handoffs nobody has claimed, "(2) ...";
 * - with "Sound" ticked (kept in this browser), a short tone plays when that number grows.
 */
export const CONSOLE_SCRIPT = `(() => {
  "use strict";
  const baseTitle = document.title;
  let urgent = null;
  const soundBox = document.getElementById("sound");
  let audio = null;
  if (soundBox) {
    soundBox.closest("label").hidden = false;
    soundBox.checked = localStorage.getItem("console-sound") === "on";
    soundBox.addEventListener("change", () => {
      localStorage.setItem("console-sound", soundBox.checked ? "on" : "off");
      if (soundBox.checked && !audio && window.AudioContext) audio = new AudioContext();
    });
  }
  const beep = () => {
    if (!soundBox || !soundBox.checked || !window.AudioContext) return;
    audio = audio || new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.value = 0.2;
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
  };
  const setUrgent = (n) => {
    if (urgent !== null && n > urgent) beep();
    urgent = n;
    document.title = n > 0 ? "(" + n + ") " + baseTitle : baseTitle;
    document.documentElement.dataset.urgent = String(n);
  };
  const refresh = async (topics) => {
    const regions = [...document.querySelectorAll("[data-live]")].filter((el) => !topics || topics.includes(el.dataset.live));
    if (regions.length === 0) return;
    // Marked as automatic: it does not keep the session from its idle sign-out.
    const res = await fetch(location.href, { credentials: "same-origin", cache: "no-store", headers: { "x-console-live": "1" } });
    // Signed out (idle or elsewhere): show the sign-in page rather than leave patient data on screen.
    if (res.redirected && new URL(res.url).pathname === "/staff/login") return location.assign(res.url);
    if (!res.ok || res.redirected) return;
    const doc = new DOMParser().parseFromString(await res.text(), "text/html");
    for (const el of regions) {
      const fresh = doc.querySelector('[data-live="' + el.dataset.live + '"]');
      if (fresh) el.replaceWith(document.importNode(fresh, true));
    }
    document.documentElement.dataset.refreshed = String(Date.now());
  };
  if (!window.EventSource) return;
  const events = new EventSource("/staff/events");
  events.addEventListener("state", (e) => setUrgent(JSON.parse(e.data).urgent));
  events.addEventListener("change", (e) => {
    const data = JSON.parse(e.data);
    setUrgent(data.urgent);
    refresh(data.topics).catch(() => undefined);
  });
  events.addEventListener("open", () => { document.documentElement.dataset.live = "on"; });
  setInterval(() => refresh(null).catch(() => undefined), 60000);
})();
`;
