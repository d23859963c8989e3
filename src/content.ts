import { resolve } from "node:path";
import type { Config } from "./config.js";
import type { Content } from "./app.js";
import { loadClinicProfile } from "./clinic/profile.js";
import { loadKnowledgeBase, PROJECT_ROOT } from "./knowledge/load.js";
import { createMatcher } from "./knowledge/matcher.js";
import { createSafetyScreen } from "./safety/screen.js";
import { createTemplates } from "./templates.js";

/**
 * Loads everything the bot says and knows: the clinic profile, `faq/` and `intents/`, the
 * safety patterns and the fixed sentences. Throws with the file and field at fault.
 */
export function loadContent(config: Pick<Config, "CLINIC_PROFILE">): Content {
  const clinic = loadClinicProfile(resolve(PROJECT_ROOT, config.CLINIC_PROFILE));
  const kb = loadKnowledgeBase(PROJECT_ROOT);
  return { clinic, kb, matcher: createMatcher(kb), safety: createSafetyScreen(), phrases: createTemplates({ clinicName: clinic.name, clinicPhone: clinic.phone }) };
}
