import { describe, expect, it } from "vitest";
import { html, trusted } from "../../src/console/html.js";

describe("console html template", () => {
  it("escapes every interpolated value unless it is markup built by html", () => {
    const visitor = `<script>alert(1)</script><img src=x onerror=alert(1)> "quoted" 'single' & more`;
    const out = html`<p title="${visitor}">${visitor}</p>${html`<b>${visitor}</b>`}${[visitor, html`<i>ok</i>`]}`.value;
    expect(out).not.toContain("<script>");
    expect(out).not.toContain("<img");
    expect(out).toContain("&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(out).toContain("&quot;quoted&quot; &#39;single&#39; &amp; more");
    expect(out).toContain("<b>&lt;script&gt;");
    expect(out).toContain("<i>ok</i>");
  });

  it("renders nothing for null, undefined and false, and numbers as text", () => {
    expect(html`[${null}${undefined}${false}${0}${trusted("<br>")}]`.value).toBe("[0<br>]");
  });
});
