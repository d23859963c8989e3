import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { say, startTestApp, type TestApp } from "../helpers/test-app.js";
import { ConsoleClient } from "./console-client.js";
import { startFakeWebhook, type FakeServer } from "./fake-servers.js";

const STAFF = { email: "ana@clinic.example", password: "correct horse battery" };

describe("staff console: each conversation's language, so staff reply in it; alerts stay language-neutral", () => {
  let t: TestApp;
  let hook: FakeServer<{ path: string; contentType: string | undefined; body: unknown }>;
  let staff: ConsoleClient;

  beforeAll(async () => {
    hook = await startFakeWebhook();
    t = await startTestApp({
      PUBLIC_BASE_URL: "http://127.0.0.1:1",
      STAFF_ALERT_WEBHOOK_URL: `${hook.url}/services/hook`,
      STAFF_BOOTSTRAP_EMAIL: STAFF.email,
      STAFF_BOOTSTRAP_PASSWORD: STAFF.password,
    });
    staff = new ConsoleClient(t.url);
    expect((await staff.signIn(STAFF.email, STAFF.password)).status).toBe(303);
  });
  afterAll(async () => {
    await t?.close();
    await hook?.close();
  });

  it("shows a Spanish badge and asks for the reply in Spanish; the alert has no Spanish in it", async () => {
    const user = randomUUID();
    const replies = await say(t.url, user, "hola, quiero hablar con una persona");
    expect(replies.some((r) => r.intent === "handoff")).toBe(true);
    const handoff = await t.app.store.handoffs.openFor(`web:${user}`);
    expect(handoff).toBeTruthy();

    const page = await staff.get(`/staff/handoffs/${handoff!.id}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<dt>Language</dt><dd><span class="badge language" lang="es" data-language="es">Spanish</span>');
    expect(page.body).toContain("Reply to the person in Spanish");
    expect(page.body).toMatch(/<textarea id="reply" name="text" lang="es"/);
    expect(page.body).toContain("please write your reply in Spanish");

    await hook.waitFor(1);
    expect(hook.received[0]?.body).toEqual({ text: `A conversation is waiting for staff (asked for a person). Open the staff console: http://127.0.0.1:1/staff/handoffs/${handoff!.id}` });
  });

  it("shows English for an English conversation", async () => {
    const user = randomUUID();
    await say(t.url, user, "can i talk to a person please");
    const handoff = await t.app.store.handoffs.openFor(`web:${user}`);
    const page = await staff.get(`/staff/handoffs/${handoff!.id}`);
    expect(page.body).toContain('<span class="badge language" lang="en" data-language="en">English</span>');
    expect(page.body).not.toContain("please write your reply in");
  });
});
