import { describe, expect, it } from "vitest";
import { FRAME_SOURCE, parseFrameState, parseHostLayout } from "../../widget/src/frame-messages.js";

describe("the messages between the embedding script and the chat frame", () => {
  const state = { source: FRAME_SOURCE, type: "state", open: true, launcher: { width: 180, height: 100 } };

  it("accepts the frame's state and the host's layout in their exact shapes", () => {
    expect(parseFrameState(state)).toEqual(state);
    expect(parseHostLayout({ source: FRAME_SOURCE, type: "layout", compact: false })).toEqual({ source: FRAME_SOURCE, type: "layout", compact: false });
  });

  it.each([
    ["another script's message", { ...state, source: "someone-else" }],
    ["a string", JSON.stringify(state)],
    ["no open flag", { ...state, open: "yes" }],
    ["no launcher size", { ...state, launcher: undefined }],
    ["a negative size", { ...state, launcher: { width: -1, height: 100 } }],
    ["a size to cover the page", { ...state, launcher: { width: 100_000, height: 100 } }],
    ["not a number", { ...state, launcher: { width: Number.NaN, height: 100 } }],
    ["the other direction's message", { source: FRAME_SOURCE, type: "layout", compact: true }],
    ["null", null],
  ])("ignores %s as the frame's state", (_name, data) => {
    expect(parseFrameState(data)).toBeUndefined();
  });

  it("ignores anything but a layout as the host's message", () => {
    expect(parseHostLayout(state)).toBeUndefined();
    expect(parseHostLayout({ source: FRAME_SOURCE, type: "layout", compact: 1 })).toBeUndefined();
    expect(parseHostLayout({ source: "x", type: "layout", compact: true })).toBeUndefined();
  });
});
