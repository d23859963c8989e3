import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

/** One import found in a source file: a file of src/ or a package. */
export interface ImportEdge {
  /** The importing file, relative to src/ (e.g. `pipeline/turn.ts`). */
  readonly from: string;
  /** The imported file relative to src/, or the package name for a bare specifier. */
  readonly to: string;
  readonly isPackage: boolean;
}

const IMPORT = /(?:^|[\s;])(?:import|export)\s[^;]*?\sfrom\s+"([^"]+)"|(?:^|[\s;(])import\s*\(\s*"([^"]+)"\s*\)|^import\s+"([^"]+)"/gm;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

/** Every import (static, re-export, dynamic with a literal) of every `.ts` file under `srcDir`. */
export function readImports(srcDir: string): ImportEdge[] {
  const root = resolve(srcDir);
  const edges: ImportEdge[] = [];
  for (const file of sourceFiles(root)) {
    const from = relative(root, file);
    for (const match of readFileSync(file, "utf8").matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      if (!spec) continue;
      if (spec.startsWith(".")) {
        edges.push({ from, to: relative(root, resolve(dirname(file), spec.replace(/\.js$/, ".ts"))), isPackage: false });
      } else if (!spec.startsWith("node:")) {
        const parts = spec.split("/");
        edges.push({ from, to: spec.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? spec), isPackage: true });
      }
    }
  }
  return edges;
}

/** The layer a file of src/ belongs to: its top-level folder, or the file itself at the top (`config.ts`). */
export function layerOf(path: string): string {
  const parts = path.split("/");
  return parts.length === 1 ? (parts[0] ?? path) : `${parts[0]}/`;
}

/** Layer-to-layer edges, each with the file imports that make it. */
export function layerGraph(edges: readonly ImportEdge[]): Map<string, Map<string, string[]>> {
  const graph = new Map<string, Map<string, string[]>>();
  for (const edge of edges) {
    if (edge.isPackage || edge.to.startsWith("..")) continue;
    const a = layerOf(edge.from);
    const b = layerOf(edge.to);
    if (a === b) continue;
    const out = graph.get(a) ?? new Map<string, string[]>();
    graph.set(a, out);
    out.set(b, [...(out.get(b) ?? []), `${edge.from} -> ${edge.to}`]);
  }
  return graph;
}

/** Groups of layers that import each other, directly or around a loop (Tarjan's strongly connected components of size > 1). */
export function layerCycles(graph: ReadonlyMap<string, ReadonlyMap<string, readonly string[]>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next++;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node)?.keys() ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node) ?? 0, low.get(target) ?? 0));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node) ?? 0, index.get(target) ?? 0));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop();
        if (member === undefined) break;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
