import { describe, expect, it } from "vitest";
import { classifyBookingRefusal, classifyHoldRefusal, isUnknownFieldRefusal } from "../../src/scheduling/calcom/calcom-errors.js";

const bad = (message: string, status = 400) => ({ status, code: "BadRequestException", message });

describe("reading Cal.com's refusals", () => {
  it("recognises the whitelist refusal of a field this release does not know", () => {
    expect(isUnknownFieldRefusal(bad("reservedSlotUid property is wrong,property reservedSlotUid should not exist "), "reservedSlotUid")).toBe(true);
    expect(isUnknownFieldRefusal(bad("notes property is wrong,property notes should not exist "), "reservedSlotUid")).toBe(false);
    expect(isUnknownFieldRefusal(bad("property reservedSlotUid should not exist", 500), "reservedSlotUid")).toBe(false);
  });

  it("tells a taken time from a time that is too soon and from our own mistakes", () => {
    for (const message of [
      "User either already has booking at this time or is not available",
      "no_available_users_found_error",
      "fixed_hosts_unavailable_for_booking",
      "round_robin_host_unavailable_for_booking",
      "booking_seats_full_error",
    ]) expect(classifyBookingRefusal(bad(message)), message).toBe("slotTaken");
    expect(classifyBookingRefusal({ status: 409, code: "ConflictException", message: "Someone else reserved this booking time slot before you. This time slot will be freed up in 120 seconds." })).toBe("slotTaken");
    expect(classifyBookingRefusal(bad("booking_time_out_of_bounds_error"))).toBe("tooSoon");
    expect(classifyBookingRefusal(bad("Attempting to book a meeting in the past."))).toBe("tooSoon");
    for (const message of ["attendee property is wrong, timeZone must be a valid IANA time-zone", "Attendee must have at least one contact method (email or phone number)", "event_type_not_found_error"]) {
      expect(classifyBookingRefusal(bad(message)), message).toBe("other");
    }
  });

  it("reads a 403 on a reservation as the reservationDuration permission, and 400/404 as configuration", () => {
    const forbidden = { status: 403, code: "ForbiddenException", message: "authenticated user is not owner of event type, does not have memberships in common with owner of the event type, nor does belong to event type's team or org." };
    expect(classifyHoldRefusal(forbidden, true)).toBe("durationForbidden");
    expect(classifyHoldRefusal(forbidden, false)).toBe("other");
    expect(classifyHoldRefusal({ status: 422, message: "Can't reserve a slot if the event is already booked." }, true)).toBe("slotTaken");
    expect(classifyHoldRefusal({ status: 404, message: "Event Type with ID=4242 not found" }, true)).toBe("other");
    expect(classifyHoldRefusal(bad("Invalid start date"), true)).toBe("other");
  });
});
