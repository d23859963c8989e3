import { loadSafetyScreenParts } from "../content.js";
import { loadKnowledgeBase } from "../knowledge/load.js";
import { loadOfflineMatcher } from "../knowledge/understanding-model.js";
import { PROJECT_ROOT } from "../util/project-root.js";

/**
 * Trains the two classifiers into dist/models when their data changed (or loads them when it did
 * not). `npm run build` runs it, so the server never trains: it starts with a heap limit sized for
 * serving (package.json `start`), which training would not fit in.
 */
export function prepareModels(): void {
  loadSafetyScreenParts();
  loadOfflineMatcher(loadKnowledgeBase(PROJECT_ROOT));
}
