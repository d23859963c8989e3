import type { RequestHandler } from "express";
import escapeHtml from "escape-html";
import type { ClinicProfile } from "../clinic/profile.js";
import { brandPalette } from "../clinic/brand-palette.js";

const DAYS = [
  ["mon", "Monday"],
  ["tue", "Tuesday"],
  ["wed", "Wednesday"],
  ["thu", "Thursday"],
  ["fri", "Friday"],
  ["sat", "Saturday"],
  ["sun", "Sunday"],
] as const;

/** "America/Los_Angeles" as "Pacific Time". */
function zoneName(timeZone: string): string {
  const part = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longGeneric" }).formatToParts(new Date()).find((p) => p.type === "timeZoneName");
  return part?.value ?? timeZone;
}

/** "13:00" as "1:00 PM". */
function clock(hhmm: string): string {
  const [h = 0, m = 0] = hhmm.split(":").map(Number);
  return `${((h + 11) % 12) + 1}:${String(m).padStart(2, "0")} ${h < 12 ? "AM" : "PM"}`;
}

function hoursRows(clinic: ClinicProfile): string {
  return DAYS.map(([key, day]) => {
    const ranges = clinic.consultHours[key];
    const text = ranges.length ? ranges.map((r) => `${clock(r.slice(0, 5))} to ${clock(r.slice(6))}`).join(", ") : "Closed";
    return `<tr><th scope="row">${day}</th><td>${text}</td></tr>`;
  }).join("\n          ");
}

/**
 * `GET /`: a plain sample clinic website with the chat widget embedded by one script tag,
 * exactly as a clinic's own site would add it, so `npm start` shows the real thing.
 * Everything clinic-specific comes from the clinic profile.
 */
export function sampleClinicPage(clinic: ClinicProfile, publicBaseUrl: string): RequestHandler {
  const name = escapeHtml(clinic.name);
  const phone = escapeHtml(clinic.phone);
  const { ink } = brandPalette(clinic.branding.color);
  const minutes = clinic.consult.slotMinutes;
  const services = clinic.services.map((s) => `<li>${escapeHtml(s)}</li>`).join("\n          ");
  const snippet = escapeHtml(`<script src="${publicBaseUrl}/widget.js" async></script>`);
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>${name}: ketamine therapy and a free ${minutes}-minute phone consult</title>
<meta name="description" content="${name}: ketamine treatment under medical supervision. Ask a question or book a free ${minutes}-minute phone consult.">
<style>
  :root { --ink: ${ink}; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 17px/1.6 Georgia, "Iowan Old Style", "Times New Roman", serif; color: #20262d; background: #fbfaf7; }
  a { color: var(--ink); }
  .skip { position: absolute; left: -999px; top: 8px; background: #fff; padding: 8px 12px; z-index: 10; }
  .skip:focus { left: 8px; }
  .wrap { max-width: 64rem; margin: 0 auto; padding: 0 1.25rem; }
  header.site { background: #fff; border-bottom: 1px solid #e4e1da; }
  header.site .wrap { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: .5rem 1.5rem; padding-top: 1rem; padding-bottom: 1rem; }
  .brand { font-size: 1.3rem; font-weight: 700; color: var(--ink); text-decoration: none; }
  nav ul { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: 0; padding: 0; list-style: none; font-family: system-ui, sans-serif; font-size: .95rem; }
  .hero { padding: 3.5rem 0 2.5rem; background: #f1efe8; }
  .hero h1 { margin: 0 0 .75rem; font-size: clamp(1.8rem, 4vw, 2.6rem); line-height: 1.2; max-width: 36rem; }
  .hero p { max-width: 38rem; margin: 0 0 1.25rem; }
  .call { display: inline-block; padding: .7rem 1.2rem; border-radius: 8px; background: var(--ink); color: #fff; font-family: system-ui, sans-serif; font-weight: 600; text-decoration: none; }
  section.block { padding: 2.25rem 0; border-bottom: 1px solid #e4e1da; }
  h2 { font-size: 1.5rem; margin: 0 0 .75rem; }
  caption { text-align: left; font-weight: 600; padding-bottom: .4rem; }
  table { border-collapse: collapse; font-family: system-ui, sans-serif; font-size: .95rem; }
  th, td { text-align: left; padding: .35rem 1.5rem .35rem 0; border-bottom: 1px solid #e4e1da; }
  th { font-weight: 600; }
  address { font-style: normal; }
  .note { margin: 2rem 0; padding: 1rem 1.25rem; background: #fff; border: 1px dashed #8a857a; border-radius: 8px; font-family: system-ui, sans-serif; font-size: .92rem; }
  code { font-size: .85rem; overflow-wrap: anywhere; }
  footer { padding: 2rem 0 6rem; font-family: system-ui, sans-serif; font-size: .92rem; color: #3d434a; }
  .crisis { font-weight: 600; color: #20262d; }
</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="site">
  <div class="wrap">
    <a class="brand" href="/">${name}</a>
    <nav aria-label="Main">
      <ul>
        <li><a href="#treatment">Treatment</a></li>
        <li><a href="#consult">Free consult</a></li>
        <li><a href="#visit">Visit us</a></li>
      </ul>
    </nav>
  </div>
</header>
<main id="main">
  <div class="hero">
    <div class="wrap">
      <h1>Ketamine therapy, given with care</h1>
      <p>For depression that has not improved with other treatments, ketamine may be an option. It is given under medical supervision, and it is not right for everyone: a clinician decides with you after an evaluation.</p>
      <a class="call" href="tel:${escapeHtml(clinic.phoneE164)}">Call ${phone}</a>
    </div>
  </div>
  <div class="wrap">
    <section class="block" id="treatment" aria-labelledby="treatment-title">
      <h2 id="treatment-title">What we offer</h2>
      <ul>
          ${services}
      </ul>
    </section>
    <section class="block" id="consult" aria-labelledby="consult-title">
      <h2 id="consult-title">Start with a free ${minutes}-minute phone consult</h2>
      <p>A member of our team calls you, answers your questions and talks through whether treatment could suit you. Use the chat button at the bottom of this page to ask a question or pick a time.</p>
      <table>
        <caption>Phone consult hours (${escapeHtml(zoneName(clinic.timeZone))})</caption>
        <tbody>
          ${hoursRows(clinic)}
        </tbody>
      </table>
    </section>
    <section class="block" id="visit" aria-labelledby="visit-title">
      <h2 id="visit-title">Visit us</h2>
      <address>
        ${name}<br>
        ${clinic.address ? `${escapeHtml(clinic.address)}<br>` : ""}
        Phone: <a href="tel:${escapeHtml(clinic.phoneE164)}">${phone}</a>
      </address>
    </section>
    <aside class="note" aria-label="About this page">
      <p><strong>This is a sample clinic page served by the consult bot.</strong> The chat in the corner is the real widget. A clinic's own website adds it with one line before <code>&lt;/body&gt;</code>:</p>
      <p><code>${snippet}</code></p>
    </aside>
  </div>
</main>
<footer>
  <div class="wrap">
    <p class="crisis">If you are in crisis, call or text 988 (Suicide &amp; Crisis Lifeline). In an emergency, call 911.</p>
    <p>${name}</p>
  </div>
</footer>
<script src="/widget.js" async></script>
</body>
</html>`;
  return (_req, res) => {
    res.set({
      // The widget needs nothing beyond this origin: no third-party scripts, styles, fonts or connections.
      "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' https: data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'",
      "Referrer-Policy": "no-referrer",
    });
    res.type("html").send(html);
  };
}
