/**
 * Intent words that tell close topics apart, by FAQ entry or intent id. Each cue is a phrase; a message that contains all
 * of its words (after shorthand, spelling and synonyms; in any order, within one clause) counts
 * as if every phrasing of the entry used them. Longer cues are more specific and weigh more.
 * Cues are about meaning ("how long ... last" is the duration of the effect), never copies
 * of evaluation messages.
 */
export const TOPIC_CUES: Readonly<Record<string, readonly string[]>> = {
  "effects-duration": ["how long last", "effect last", "how long effect", "how long relief", "how long benefit", "how long result", "permanent", "wear off", "come back"],
  "how-fast-it-works": ["kick in", "how soon", "how fast", "how long until", "how long take work", "how long take feel", "how long take help", "start working", "within hours", "how long before feel"],
  "session-experience": ["how long session", "how long take", "session take", "during session", "what happen session", "outpatient", "overnight"],
  "number-of-treatments": ["how many session", "how many onset", "how many session take", "how many time", "how often", "several session", "more session", "more than one session", "maintenance", "series session"],
  "side-effects": ["side effects", "sideeffect last", "nausea", "dizzy", "blood pressure go up", "heart rate", "reaction"],
  "is-it-safe": ["safe", "long term effect", "long term risk", "brain damage", "dangerous"],
  "who-can-have-it": ["qualify", "candidate", "eligible", "screening", "blood work", "pregnant", "high blood pressure", "heart condition", "right for me", "who can not"],
  "age-requirements": ["age limit", "how old", "teenager", "years old", "too old", "minor"],
  "treatment-resistant-depression": ["treatment resistant", "trd"],
  "how-it-works": ["mechanism", "how work", "how ketamine work", "mechanism", "in brain", "nmda", "glutamate", "serotonin", "neuroplasticity", "science"],
  "forms-of-ketamine": ["nasal spray or", "iv or", "lozenge", "injection", "pill", "different ways", "forms", "athome", "without needles", "types"],
  "spravato-and-fda": ["spravato", "esketamine", "fda", "off label"],
  "other-conditions": ["anxiety", "ptsd", "ocd", "chronic pain", "fibromyalgia", "migraine", "bipolar", "other conditions", "what else treat"],
  "ketamine-vs-ect": ["ect", "shock therapy"],
  "ketamine-vs-antidepressants": ["antidepressant", "ssri", "compare antidepressant", "stop medication", "my meds", "replace"],
  "addiction-and-controlled-substance": ["addictive", "addicted", "controlled substance", "street drug", "schedule iii"],
  "getting-home": ["drive", "ride home", "get home", "uber", "pick me up", "go to work after"],
  "how-to-start": ["what happen consult", "what talk", "what ask consult", "get started", "first step", "free consult", "sign up", "next step", "how start", "begin"],
  "cost-and-insurance": ["cost", "insurance", "how much", "expensive", "afford"],
  "clinic-contact": ["phone number", "address", "located", "hours", "open", "weekend"],
  "preparing-for-a-session": ["prepare", "eat before", "fast before", "bring", "wear", "get ready"],
  "what-it-feels-like": ["feel like", "trip", "hallucinate", "awake", "asleep", "dissociation", "high"],
  "what-is-ketamine": ["what is ketamine", "what is ketamine therapy", "what ketamine treatment", "explain ketamine"],
  "does-it-work": ["efficacy", "effective", "success rate", "work for me", "really work", "actually work", "chance", "odds", "cure", "results"],
  human: ["talk someone", "talk human", "talk person", "real person", "human", "speak someone"],
  // Asking for a time is asking to book: "any slots friday morning", "can i get a call monday at 10".
  book: [
    "book", "schedule consult", "set up call", "slot", "opening", "availability", "available time", "get call",
    "tomorrow", "monday", "tuesday", "wednesday", "thursday", "friday", "morning", "afternoon", "evening", "next week", "this week", "asap",
  ],
};
