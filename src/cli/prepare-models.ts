import { parseConfig } from "../config.js";
import { loadContent } from "../content.js";
import { BUILT_PARSED_YAML, recordParsedYaml, writeParsedYaml } from "../util/parsed-yaml.js";

/**
 * Trains the two classifiers into dist/models when their data changed (or loads them when it did
 * not), by loading everything the server loads. `npm run build` runs it, so the server never
 * trains: it starts with a heap limit sized for serving (package.json `start`), which training
 * would not fit in. What the data files parsed to is kept beside the models (src/util/parsed-yaml.ts).
 */
export function prepareModels(): void {
  recordParsedYaml();
  loadContent(parseConfig({}));
  writeParsedYaml(BUILT_PARSED_YAML);
}
