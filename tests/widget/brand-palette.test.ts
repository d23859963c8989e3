import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { AA_CONTRAST, brandPalette, contrastRatio } from "../../src/clinic/brand-palette.js";

describe("brandPalette", () => {
  it("computes WCAG contrast ratios", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 5);
    expect(contrastRatio("#ffffff", "#ffffff")).toBeCloseTo(1, 5);
    expect(contrastRatio("#767676", "#ffffff")).toBeCloseTo(4.54, 2);
  });

  it("keeps a dark brand colour as it is, with white text", () => {
    expect(brandPalette("#1f5f8b")).toEqual({ accent: "#1f5f8b", onAccent: "#ffffff", ink: "#1f5f8b" });
  });

  it("puts dark text on a light brand colour and darkens it for text on white", () => {
    const palette = brandPalette("#f5c518");
    expect(palette.accent).toBe("#f5c518");
    expect(palette.onAccent).not.toBe("#ffffff");
    expect(palette.ink).not.toBe("#f5c518");
    expect(contrastRatio(palette.ink, "#ffffff")).toBeGreaterThanOrEqual(AA_CONTRAST);
  });

  it("meets AA for every colour a clinic could choose", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffff }), (n) => {
        const color = `#${n.toString(16).padStart(6, "0")}`;
        const p = brandPalette(color);
        expect(contrastRatio(p.accent, p.onAccent)).toBeGreaterThanOrEqual(AA_CONTRAST);
        expect(contrastRatio(p.ink, "#ffffff")).toBeGreaterThanOrEqual(AA_CONTRAST);
        expect(contrastRatio(p.ink, "#eef2f6")).toBeGreaterThanOrEqual(AA_CONTRAST);
      }),
      { numRuns: 2000 },
    );
  });
});
