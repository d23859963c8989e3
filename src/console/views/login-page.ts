import { html, type SafeHtml } from "../html.js";
import { layout, notice } from "./layout.js";

export interface LoginPageModel {
  readonly clinicName: string;
  /** The double-submit token, also set as a cookie. */
  readonly csrf: string;
  readonly email?: string;
  readonly next?: string;
  readonly error?: string;
  readonly info?: string;
}

/** `/staff/login`: email, password and the hidden CSRF token. */
export function loginPage(m: LoginPageModel): SafeHtml {
  return layout(
    { title: "Sign in", clinicName: m.clinicName },
    html`<div class="login card">
  <h1>Staff sign-in</h1>
  ${m.info ? notice("info", m.info) : ""}
  ${m.error ? notice("error", m.error) : ""}
  <form class="stack" method="post" action="/staff/login">
    <input type="hidden" name="_csrf" value="${m.csrf}">
    ${m.next ? html`<input type="hidden" name="next" value="${m.next}">` : ""}
    <label for="email">Email</label>
    <input id="email" name="email" type="email" autocomplete="username" required maxlength="254" value="${m.email ?? ""}"${m.email ? "" : html` autofocus`}>
    <label for="password">Password</label>
    <input id="password" name="password" type="password" autocomplete="current-password" required maxlength="256"${m.email ? html` autofocus` : ""}>
    <label for="code">Authenticator code <span class="hint">(if your account has one)</span></label>
    <input id="code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9 ]*" maxlength="8">
    <button class="primary" type="submit">Sign in</button>
  </form>
  <p class="hint">Accounts are created by an administrator with <span class="mono">npm run staff:add</span>.</p>
</div>`,
  );
}
