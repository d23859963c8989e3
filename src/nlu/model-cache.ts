import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
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
  } catch {
    // A read-only folder: the model lives in memory only.
  }
  return { model, trained: true };
}
