import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { layerCycles, layerGraph, layerOf, readImports, type ImportEdge } from "./import-graph.js";

const edges = readImports(resolve(import.meta.dirname, "../../src"));
const graph = layerGraph(edges);

/** The inner layers: the turn and what it decides with. None of them knows how a message arrived. */
const INNER = ["domain/", "pipeline/", "flows/", "handoff/", "knowledge/", "safety/", "nlu/", "scheduling/", "state/", "clinic/", "text/", "util/", "llm/", "logging/"];
/** The edge: hosts, transports and pages. */
const EDGE = ["botkit/", "channels/", "console/", "http/", "cli/", "app.ts", "main.ts"];
const EDGE_PACKAGES = ["botkit", "botbuilder", "express", "twilio", "ws"];

const describeEdges = (list: readonly ImportEdge[]) => list.map((e) => `${e.from} -> ${e.to}`);

describe("layering of src/", () => {
  it("reads the imports (the checks below look at something)", () => {
    expect(edges.length).toBeGreaterThan(200);
    expect(edges).toContainEqual({ from: "app.ts", to: "botkit/bot-host.ts", isPackage: false });
    expect(edges).toContainEqual({ from: "botkit/bot-host.ts", to: "botkit", isPackage: true });
  });

  it("has no import cycle between top-level folders (or top-level files)", () => {
    const cycles = layerCycles(graph).map((layers) => ({
      layers,
      imports: layers.flatMap((a) => layers.flatMap((b) => graph.get(a)?.get(b) ?? [])),
    }));
    expect(cycles).toEqual([]);
  });

  it("imports botkit and botbuilder only in src/botkit/", () => {
    expect(describeEdges(edges.filter((e) => e.isPackage && (e.to === "botkit" || e.to.startsWith("botbuilder")) && layerOf(e.from) !== "botkit/"))).toEqual([]);
  });

  it("keeps botkit at the edge: only app.ts wires it, and it imports no channel, only the turn's port and domain types", () => {
    expect(describeEdges(edges.filter((e) => !e.isPackage && layerOf(e.to) === "botkit/" && layerOf(e.from) !== "botkit/" && e.from !== "app.ts"))).toEqual([]);
    const botkitImports = edges.filter((e) => !e.isPackage && layerOf(e.from) === "botkit/" && layerOf(e.to) !== "botkit/");
    expect(describeEdges(botkitImports.filter((e) => !["domain/", "pipeline/"].includes(layerOf(e.to))))).toEqual([]);
  });

  it("never lets the inner layers import the edge (botkit, channels, console, http, express, Twilio)", () => {
    const inward = edges.filter((e) => INNER.includes(layerOf(e.from)));
    expect(describeEdges(inward.filter((e) => !e.isPackage && EDGE.includes(layerOf(e.to))))).toEqual([]);
    expect(describeEdges(inward.filter((e) => e.isPackage && EDGE_PACKAGES.includes(e.to)))).toEqual([]);
  });

  it("keeps domain/ plain: it imports no other folder", () => {
    expect(describeEdges(edges.filter((e) => !e.isPackage && layerOf(e.from) === "domain/" && layerOf(e.to) !== "domain/"))).toEqual([]);
  });
});

describe("the layer checks themselves", () => {
  const sample = (pairs: [string, string][]) => layerGraph(pairs.map(([from, to]) => ({ from, to, isPackage: false })));

  it("finds a loop through three folders and names the files", () => {
    const g = sample([
      ["a/x.ts", "b/y.ts"],
      ["b/y.ts", "c/z.ts"],
      ["c/z.ts", "a/w.ts"],
      ["c/z.ts", "d/v.ts"],
    ]);
    expect(layerCycles(g)).toEqual([["a/", "b/", "c/"]]);
    expect(g.get("c/")?.get("a/")).toEqual(["c/z.ts -> a/w.ts"]);
  });

  it("ignores imports inside one folder and a one-way chain", () => {
    expect(layerCycles(sample([["a/x.ts", "a/y.ts"], ["a/y.ts", "a/x.ts"], ["a/x.ts", "config.ts"]]))).toEqual([]);
  });
});
