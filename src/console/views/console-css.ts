/**
 * The console's one stylesheet, served at /staff/console.css (the page's Content-Security-Policy
 * allows styles from the console itself only). Plain, high-contrast, readable on a laptop or phone.
 */
export function consoleCss(brandColor: string): string {
  return `
:root { --brand: ${brandColor}; --ink: #1b1f23; --muted: #57606a; --line: #d0d7de; --bg: #f6f8fa; --urgent: #b42318; --urgent-bg: #fef3f2; --ok: #1a7f37; --warn-bg: #fff8c5; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--brand); }
a:focus-visible, button:focus-visible, input:focus-visible, textarea:focus-visible, select:focus-visible { outline: 3px solid #0969da; outline-offset: 2px; }
.skip { position: absolute; left: -999px; top: 0; background: #fff; padding: .5rem; }
.skip:focus { left: .5rem; }
header.top { background: var(--brand); color: #fff; }
header.top .bar { max-width: 72rem; margin: 0 auto; padding: .6rem 1rem; display: flex; flex-wrap: wrap; gap: .5rem 1.5rem; align-items: center; }
header.top .brand { font-weight: 600; margin-right: auto; }
header.top nav a { color: #fff; text-decoration: none; padding: .25rem .5rem; border-radius: 4px; }
header.top nav a[aria-current="page"], header.top nav a:hover { background: rgba(255,255,255,.18); }
header.top form { display: inline; margin: 0; }
header.top .who { font-size: .9rem; opacity: .9; }
header.top button { background: transparent; color: #fff; border: 1px solid rgba(255,255,255,.6); border-radius: 4px; padding: .15rem .6rem; font: inherit; font-size: .9rem; cursor: pointer; }
main { max-width: 72rem; margin: 1.5rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 1rem 1.25rem; margin-bottom: 1rem; }
.card > h1:first-child, .card > h2:first-child, .card > h3:first-child { margin-top: 0; }
table { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 8px; overflow: hidden; }
caption { text-align: left; color: var(--muted); padding: .25rem 0 .5rem; }
th, td { text-align: left; padding: .55rem .75rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #eef1f4; font-weight: 600; font-size: .9rem; }
tr.urgent td { background: var(--urgent-bg); }
.badge { display: inline-block; font-size: .8rem; font-weight: 600; padding: .05rem .5rem; border-radius: 999px; border: 1px solid var(--line); background: #fff; white-space: nowrap; }
.badge.urgent, .badge.crisis { color: #fff; background: var(--urgent); border-color: var(--urgent); }
.badge.open { color: #9a6700; border-color: #d4a72c; background: var(--warn-bg); }
.badge.claimed { color: #0969da; border-color: #54aeff; }
.badge.resolved { color: var(--ok); border-color: #4ac26b; }
.badge.intent { color: var(--muted); font-weight: 500; }
.filters { display: flex; flex-wrap: wrap; gap: .5rem; margin: 0 0 1rem; padding: 0; list-style: none; }
.filters a { display: inline-block; padding: .3rem .8rem; border: 1px solid var(--line); border-radius: 999px; background: #fff; text-decoration: none; color: var(--ink); }
.filters a[aria-current="page"] { background: var(--brand); color: #fff; border-color: var(--brand); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1rem; margin: 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.layout { display: grid; grid-template-columns: minmax(0, 2fr) minmax(16rem, 1fr); gap: 1rem; align-items: start; }
@media (max-width: 800px) { .layout { grid-template-columns: 1fr; } }
ol.transcript { list-style: none; margin: 0; padding: 0; }
ol.transcript li { border-left: 4px solid var(--line); background: #fff; margin: 0 0 .6rem; padding: .5rem .75rem; border-radius: 0 6px 6px 0; }
ol.transcript li.person { border-left-color: var(--brand); }
ol.transcript li.staff { border-left-color: var(--ok); background: #f0fff4; }
ol.transcript li.crisis { border-left-color: var(--urgent); background: var(--urgent-bg); }
ol.transcript .meta { font-size: .85rem; color: var(--muted); display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
ol.transcript .who { font-weight: 600; color: var(--ink); }
ol.transcript .text { margin: .25rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.summary { white-space: pre-line; }
form.stack { display: grid; gap: .5rem; }
label { font-weight: 600; }
.hint { color: var(--muted); font-size: .9rem; margin: 0; }
input[type=email], input[type=password], input[type=text], textarea { width: 100%; padding: .55rem .65rem; border: 1px solid #8c959f; border-radius: 6px; font: inherit; background: #fff; }
textarea { min-height: 6rem; resize: vertical; }
button.primary, button.secondary, a.button { display: inline-block; padding: .5rem 1rem; border-radius: 6px; font: inherit; cursor: pointer; text-decoration: none; }
button.primary { background: var(--brand); color: #fff; border: 1px solid var(--brand); }
button.secondary, a.button { background: #fff; color: var(--ink); border: 1px solid #8c959f; }
button.danger { background: var(--urgent); border-color: var(--urgent); }
.notice { padding: .75rem 1rem; border-radius: 6px; margin: 0 0 1rem; border: 1px solid; }
.notice.ok { background: #dafbe1; border-color: #4ac26b; }
.notice.error { background: var(--urgent-bg); border-color: var(--urgent); }
.notice.info { background: #ddf4ff; border-color: #54aeff; }
.actions { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.login { max-width: 24rem; margin: 4rem auto; }
.muted { color: var(--muted); }
dl.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(10rem, 1fr)); gap: .75rem 1rem; margin: 0; }
dl.figures .figure { border-left: 4px solid var(--brand); padding: .1rem .6rem; }
dl.figures dt { color: var(--muted); font-size: .9rem; }
dl.figures dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
dl.figures dd.hint { font-size: .85rem; font-weight: 400; }
.pick-row { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; }
.pick-row input, .pick-row select { display: block; padding: .4rem; border: 1px solid #8c959f; border-radius: 6px; font: inherit; background: #fff; }
svg.chart { display: block; max-width: 100%; height: auto; }
svg.chart.bars { max-width: 28rem; }
svg.chart.columns { max-width: 40rem; }
.group { border-top: 1px solid var(--line); padding-top: .75rem; margin-top: .75rem; }
.group ul { margin: .25rem 0 .5rem; padding-left: 1.2rem; }
details.propose { margin-top: .5rem; }
form.stack select { width: 100%; padding: .55rem .65rem; border: 1px solid #8c959f; border-radius: 6px; font: inherit; background: #fff; }
.mono { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: .9rem; }
header.top .sound { font-size: .9rem; font-weight: 500; display: inline-flex; gap: .3rem; align-items: center; }
header.top .sound[hidden] { display: none; }
form.search { display: flex; flex-wrap: wrap; gap: .5rem .75rem; align-items: end; margin: 0 0 1rem; }
form.search .field { display: grid; gap: .2rem; min-width: 0; }
form.search .field.wide { flex: 1 1 14rem; }
form.search label { font-size: .85rem; }
form.search input[type=search], select { width: 100%; max-width: 100%; padding: .45rem .55rem; border: 1px solid #8c959f; border-radius: 6px; font: inherit; background: #fff; }
form.search > label { align-self: center; }
form.search > input[type=search] { flex: 1 1 12rem; width: auto; }
.small { padding: .25rem .6rem !important; font-size: .9rem !important; }
.actions form { margin: 0; }
button[disabled] { opacity: .5; cursor: default; }
.badge.call-booked, .badge.call-moved { color: #0969da; border-color: #54aeff; }
.badge.call-cancelled, .badge.call-no-answer { color: var(--urgent); border-color: var(--urgent); }
.badge.call-called, .badge.call-done { color: var(--ok); border-color: #4ac26b; }
.waited { white-space: nowrap; }
td a, dd a, .text { overflow-wrap: anywhere; }
dl.facts dd { min-width: 0; overflow-wrap: anywhere; }
/* Phones: every table becomes a list of cards, one labelled line per cell; nothing scrolls sideways. */
@media (max-width: 700px) {
  main { margin: 1rem auto; padding: 0 .6rem; }
  header.top .bar { padding: .5rem .6rem; gap: .35rem .8rem; }
  header.top .who { flex-basis: 100%; }
  table.rows, table.rows tbody, table.rows tr, table.rows td, table.rows caption { display: block; width: 100%; }
  table.rows { border: none; background: transparent; }
  table.rows thead { display: none; }
  table.rows tr { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin-bottom: .75rem; padding: .25rem 0; }
  table.rows td { border: none; padding: .3rem .75rem; }
  table.rows td[data-label]::before { content: attr(data-label); display: block; font-size: .8rem; font-weight: 600; color: var(--muted); }
  dl.facts { grid-template-columns: 1fr; gap: .1rem; }
  dl.facts dd { margin-bottom: .4rem; }
  .layout { grid-template-columns: minmax(0, 1fr); }
}
`;
}
