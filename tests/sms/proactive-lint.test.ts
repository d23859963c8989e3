import { describe, expect, it } from "vitest";
import { lintProactiveSms, proactiveClinicName } from "../../src/channels/sms/proactive-lint.js";

describe("proactive SMS name no drug", () => {
  it("refuses a text that names ketamine, esketamine or Spravato, in any case", () => {
    for (const body of ["Your ketamine consult is at 3pm", "Your KETAMINE infusion", "About esketamine", "Bring your Spravato info", "Ketamine-assisted therapy"]) {
      const lint = lintProactiveSms(body, "Harbor Clinic");
      expect(lint.kind, body).toBe("namesDrug");
    }
  });

  it("accepts the neutral wording", () => {
    expect(lintProactiveSms("Reminder: your free consultation call is tomorrow at 10:00 AM.", "Harbor Clinic")).toEqual({
      kind: "ok",
      body: "Reminder: your free consultation call is tomorrow at 10:00 AM.",
    });
  });

  it("rewrites the clinic's own name without the drug word", () => {
    expect(proactiveClinicName("Harbor Ketamine Clinic")).toBe("Harbor Clinic");
    expect(proactiveClinicName("Ketamine & Wellness Center")).toBe("Wellness Center");
    expect(proactiveClinicName("Ketamine")).toBe("Your clinic");
    expect(lintProactiveSms("Harbor Ketamine Clinic: your call is booked.", "Harbor Ketamine Clinic")).toEqual({
      kind: "ok",
      body: "Harbor Clinic: your call is booked.",
    });
  });
});
