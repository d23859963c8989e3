import type { RequestHandler } from "express";
import escapeHtml from "escape-html";
import type { ClinicProfile } from "../clinic/profile.js";

/**
 * `GET /`: a minimal page with a chat box over `POST /api/messages`, so a newcomer can
 * talk to the bot in a browser right after `npm start`.
 */
export function demoPage(clinic: ClinicProfile): RequestHandler {
  const name = escapeHtml(clinic.name);
  const color = clinic.branding.color;
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${name} - chat</title>
<style>
  body { font: 16px/1.5 system-ui, sans-serif; margin: 0; background: #f5f7f9; color: #1b1f23; }
  main { max-width: 40rem; margin: 2rem auto; padding: 0 1rem; }
  h1 { font-size: 1.4rem; color: ${color}; }
  #log { background: #fff; border: 1px solid #d0d7de; border-radius: 8px; padding: 1rem; height: 26rem; overflow-y: auto; }
  .msg { margin: .4rem 0; padding: .5rem .75rem; border-radius: 8px; max-width: 85%; white-space: pre-wrap; }
  .bot { background: #eef3f7; }
  .me { background: ${color}; color: #fff; margin-left: auto; }
  .choices button { margin: .25rem .25rem 0 0; border: 1px solid ${color}; color: ${color}; background: #fff; border-radius: 999px; padding: .25rem .75rem; cursor: pointer; }
  form { display: flex; gap: .5rem; margin-top: .75rem; }
  input { flex: 1; padding: .6rem; border: 1px solid #8c959f; border-radius: 6px; font: inherit; }
  button[type=submit] { padding: .6rem 1rem; background: ${color}; color: #fff; border: 0; border-radius: 6px; font: inherit; }
</style>
</head>
<body>
<main>
  <h1>${name}</h1>
  <p>Ask about ketamine treatment or book a free 15-minute phone consult.</p>
  <div id="log" role="log" aria-live="polite" aria-label="Conversation"></div>
  <form id="form"><label for="text" hidden>Your message</label>
    <input id="text" autocomplete="off" maxlength="2000" placeholder="Type your question" required>
    <button type="submit">Send</button></form>
</main>
<script>
  const log = document.getElementById("log");
  const form = document.getElementById("form");
  const input = document.getElementById("text");
  let user = sessionStorage.getItem("visitorId");
  if (!user) { user = crypto.randomUUID(); sessionStorage.setItem("visitorId", user); }
  function add(text, who) {
    const div = document.createElement("div");
    div.className = "msg " + who;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }
  async function send(text) {
    add(text, "me");
    try {
      const res = await fetch("/api/messages", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ type: "message", text, user }) });
      const body = await res.json();
      if (!res.ok) return add(body.error ? body.error.message : "Something went wrong.", "bot");
      for (const m of body) {
        const div = add(m.text, "bot");
        if (m.quick_replies) {
          const row = document.createElement("div");
          row.className = "choices";
          for (const q of m.quick_replies) {
            const b = document.createElement("button");
            b.type = "button"; b.textContent = q.title;
            b.onclick = () => send(q.payload);
            row.appendChild(b);
          }
          div.appendChild(row);
        }
      }
    } catch { add("The connection failed. Please try again.", "bot"); }
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); const t = input.value.trim(); if (t) { input.value = ""; send(t); } });
</script>
</body>
</html>`;
  return (_req, res) => {
    res.type("html").send(html);
  };
}
