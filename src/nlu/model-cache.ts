import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_ROOT } from "../util/project-root.js";

/** Where trained models are kept between runs (`npm run build` fills it; never committed). */
export const MODEL_DIR = join(PROJECT_ROOT, "dist", "models");

/**
 * Loads a trained model for `name` whose fingerprint matches its training data, or trains it
 * and writes it for the next start. Training data, vocabulary and options all feed the
 * fingerprint, so a change to any of them retrains; a model left from other data is ignored.
 * A cache that cannot be written (a read-only deployment) only costs the training time.
 */
export function loadOrTrain<M>(
  name: string,
  fingerprint: string,
  codec: { train(): M; toBuffer(model: M): Buffer; fromBuffer(buffer: Buffer): M },
  dir: string = MODEL_DIR,
): { model: M; trained: boolean } {
  const file = join(dir, `${name}-${fingerprint}.bin`);
  try {
    return { model: codec.fromBuffer(readFileSync(file)), trained: false };
  } catch {
    // Not there yet, or from an older format: train.
  }
  const model = codec.train();
  try {
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, codec.toBuffer(model));
    renameSync(tmp, file);
    pruneOthers(dir, name, file);
  } catch {
    // A read-only folder: the model lives in memory only.
  }
  return { model, trained: true };
}

/**
 * Removes the models `name` trained from other data (each is about 15 MB, and one is left per
 * change of the training files): the model just written replaces them.
 */
function pruneOthers(dir: string, name: string, keep: string): void {
  for (const f of readdirSync(dir)) {
    const path = join(dir, f);
    if (path !== keep && f.startsWith(`${name}-`) && f.endsWith(".bin")) rmSync(path, { force: true });
  }
}

/**
 * Several buffers as one cache file (a model and the index built beside it): a count, each
 * length (little-endian uint32), then the buffers. {@link unpackBuffers} gives them back.
 */
export function packBuffers(parts: readonly Buffer[]): Buffer {
  const head = Buffer.alloc(4 * (parts.length + 1));
  head.writeUInt32LE(parts.length, 0);
  parts.forEach((p, i) => head.writeUInt32LE(p.length, 4 * (i + 1)));
  return Buffer.concat([head, ...parts]);
}

/** The buffers {@link packBuffers} joined; throws on a file of another shape (the cache then retrains). */
export function unpackBuffers(buffer: Buffer, expected: number): Buffer[] {
  const count = buffer.readUInt32LE(0);
  if (count !== expected) throw new Error(`cache file holds ${count} parts, not ${expected}`);
  let at = 4 * (count + 1);
  const parts: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    const length = buffer.readUInt32LE(4 * (i + 1));
    if (at + length > buffer.length) throw new Error("cache file is truncated");
    parts.push(buffer.subarray(at, at + length));
    at += length;
  }
  if (at !== buffer.length) throw new Error("cache file has trailing bytes");
  return parts;
}
