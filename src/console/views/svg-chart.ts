import { html, type SafeHtml } from "../html.js";

/**
 * Charts drawn on the server as inline SVG: no scripts, no external files, allowed by the
 * console's Content-Security-Policy (presentation attributes, no inline styles). Each scales to
 * its container's width (viewBox), so it reads on a 360 px phone, and carries a text title.
 */

const BAR = "#2f6f9f";
const INK = "#1b1f23";
const MUTED = "#57606a";

/** Vertical bars (busiest hours, per day). Labels are shown every `labelEvery` bars. */
export function columnChart(m: { title: string; labels: readonly string[]; values: readonly number[]; labelEvery?: number }): SafeHtml {
  // About a phone's width, so its text stays near its written size at 360 px.
  const width = 360;
  const height = 180;
  const top = 16;
  const bottom = 24;
  const max = Math.max(1, ...m.values);
  const slot = width / Math.max(1, m.values.length);
  const every = m.labelEvery ?? 1;
  return html`<svg class="chart columns" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${m.title}" preserveAspectRatio="xMinYMin meet"><title>${m.title}</title>
<line x1="0" y1="${height - bottom}" x2="${width}" y2="${height - bottom}" stroke="${MUTED}" stroke-width="1"/>
${m.values.map((v, i) => {
    const h = Math.round(((height - top - bottom) * v) / max);
    const x = Math.round(i * slot + slot * 0.15);
    const w = Math.max(1, Math.round(slot * 0.7));
    return html`<g><rect x="${x}" y="${height - bottom - h}" width="${w}" height="${h}" fill="${BAR}"><title>${m.labels[i] ?? ""}: ${v}</title></rect>${
      v > 0 ? html`<text x="${x + w / 2}" y="${height - bottom - h - 3}" font-size="10" text-anchor="middle" fill="${INK}">${v}</text>` : ""
    }${i % every === 0 ? html`<text x="${x + w / 2}" y="${height - 8}" font-size="12" text-anchor="middle" fill="${MUTED}">${m.labels[i] ?? ""}</text>` : ""}</g>`;
  })}
</svg>`;
}

/** Horizontal bars with their labels above each bar (funnel, most asked entries, handoffs): readable at any width. */
export function barList(m: { title: string; rows: readonly { label: string; value: number; note?: string }[] }): SafeHtml {
  const width = 320;
  const rowHeight = 40;
  const height = Math.max(rowHeight, m.rows.length * rowHeight);
  const max = Math.max(1, ...m.rows.map((r) => r.value));
  return html`<svg class="chart bars" viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${m.title}" preserveAspectRatio="xMinYMin meet"><title>${m.title}</title>
${m.rows.map((r, i) => {
    const y = i * rowHeight;
    const w = Math.max(r.value > 0 ? 2 : 0, Math.round(((width - 40) * r.value) / max));
    return html`<g><text x="0" y="${y + 14}" font-size="13" fill="${INK}">${r.label}${r.note ? html` <tspan fill="${MUTED}">${r.note}</tspan>` : ""}</text><rect x="0" y="${y + 20}" width="${w}" height="14" fill="${BAR}"/><text x="${w + 6}" y="${y + 32}" font-size="12" fill="${INK}">${r.value}</text></g>`;
  })}
</svg>`;
}
