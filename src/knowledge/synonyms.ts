/**
 * Words and phrases that mean the same thing to the matcher, mapped to one concept token.
 * Phrases are replaced first (longest first), then single words. Keep groups to real
 * synonyms: "sessions" = "treatments" = "infusions" = "appointments".
 */

/** Multi-word phrases (surface words, after shorthand) and the tokens they become. */
export const PHRASES: ReadonlyArray<readonly [string, string]> = [
  ["side effect", "sideeffect"], ["side effects", "sideeffect"], ["side affect", "sideeffect"], ["side affects", "sideeffect"],
  ["treatment resistant", "trd"], ["treatment resistent", "trd"], ["resistant to treatment", "trd"], ["resistant depression", "trd depression"],
  ["high blood pressure", "hypertension"], ["blood pressure", "bloodpressure"],
  ["heart rate", "heartrate"], ["heart beat", "heartrate"], ["heartbeat", "heartrate"], ["heart race", "heartrate"], ["heart racing", "heartrate"], ["racing heart", "heartrate"],
  ["wear off", "last"], ["wears off", "last"], ["wore off", "last"], ["wearing off", "last"], ["worn off", "last"],
  ["kick in", "onset"], ["kicks in", "onset"], ["kicked in", "onset"], ["take effect", "onset"], ["takes effect", "onset"],
  ["start working", "onset"], ["starts working", "onset"], ["start to work", "onset"], ["begin working", "onset"], ["begins to work", "onset"],
  ["take to work", "onset"], ["takes to work", "onset"], ["right away", "onset"], ["straight away", "onset"],
  ["fast before", "fasting before"], ["to fast", "to fasting"], ["empty stomach", "fasting"],
  ["how much time", "how long"], ["long term", "longterm"], ["long lasting", "last"],
  ["last week", "week"], ["last month", "month"], ["last year", "year"], ["last night", "night"], ["last time", "time"],
  ["shock therapy", "ect"], ["shock treatment", "ect"], ["electroshock therapy", "ect"], ["electro convulsive", "ect"], ["electroconvulsive therapy", "ect"],
  ["nasal spray", "spray"], ["off label", "offlabel"], ["offlabel", "offlabel"],
  ["street drug", "streetdrug"], ["party drug", "streetdrug"], ["club drug", "streetdrug"], ["special k", "streetdrug"],
  ["horse tranquilizer", "streetdrug"], ["horse tranquiliser", "streetdrug"], ["horse tranq", "streetdrug"], ["recreational", "streetdrug"],
  ["throw up", "nausea"], ["threw up", "nausea"], ["throwing up", "nausea"], ["feel sick", "nausea"],
  ["out of body", "dissociation"], ["out of my body", "dissociation"], ["k hole", "trip"], ["khole", "trip"], ["bad trip", "trip"],
  ["pick me up", "ride"], ["pick up", "ride"], ["picked up", "ride"],
  ["how old", "age"], ["years old", "age"], ["year old", "age"], ["under 18", "minor"],
  ["blood work", "bloodwork"], ["blood test", "bloodwork"], ["blood tests", "bloodwork"], ["lab work", "bloodwork"], ["labs", "bloodwork"],
  ["real person", "human"], ["actual person", "human"], ["live person", "human"], ["real human", "human"],
  ["talk to", "talk"], ["speak to", "talk"], ["speak with", "talk"], ["talk with", "talk"],
  ["good morning", "hello"], ["good afternoon", "hello"], ["good evening", "hello"],
  ["good night", "bye"], ["see you", "bye"], ["see ya", "bye"], ["talk to you later", "bye"], ["good bye", "bye"],
  ["thank you", "thanks"], ["thank u", "thanks"], ["anti depressant", "antidepressant"], ["anti depressants", "antidepressant"],
  ["schedule 3", "controlled"], ["schedule iii", "controlled"], ["schedule three", "controlled"], ["schedule drug", "controlled drug"],
  ["schedule substance", "controlled substance"], ["controlled drug", "controlled substance"],
  ["within hours", "onset"], ["within minutes", "onset"], ["within days", "onset"], ["within a day", "onset"], ["within a few days", "onset"],
  ["knocked out", "awake"], ["put under", "awake"], ["pass out", "awake"], ["passed out", "awake"], ["go to sleep", "awake"], ["fall asleep", "awake"],
  ["anxiety about", "worry"], ["anxious about", "worry"], ["nervous about", "worry"], ["worried about", "worry"], ["worry about", "worry"],
  ["scared of", "worry"], ["afraid of", "worry"], ["concerned about", "worry"],
  ["different ways", "form"], ["other ways", "form"], ["ways to take", "form take"], ["way to take", "form take"], ["ways to get", "form"],
  ["at home", "athome"], ["from home", "athome"], ["by the way", ""], ["phone call", "consult call"], ["minute call", "minute consult call"], ["thanks a bunch", "thanks"], ["thanks a ton", "thanks"], ["thanks a lot", "thanks"],
  ["more than", "more"], ["less than", "less"], ["kind of", ""], ["sort of", ""], ["a bit", ""], ["a lot", "lot"],
  ["follow up", "maintenance"], ["top up", "maintenance"], ["top ups", "maintenance"], ["booster", "maintenance"], ["boosters", "maintenance"],
];

const GROUPS: Readonly<Record<string, string>> = {
  session: "session sessions treatment treatments infusion infusions appointment appointments visit visits round rounds",
  ketamine: "ketamine ketamin ketamines",
  spravato: "spravato esketamine spravado spravto",
  last: "last lasts lasting lasted permanent permanently temporary durable",
  onset: "fast faster fastest quick quicker quickly soon sooner rapid rapidly immediately immediate instant instantly",
  cost: "cost costs price prices pricing priced expensive cheap cheaper afford affordable fee fees charge charges pay paying payment payments financing finance money dollar dollars budget",
  insurance: "insurance insured insurer insurers coverage covered cover covers medicare medicaid aetna cigna humana tricare kaiser bcbs hsa fsa copay",
  sideeffect: "sideeffect sideeffects",
  nausea: "nausea nauseous nauseated sick vomit vomiting puke",
  dizzy: "dizzy dizziness lightheaded",
  safe: "safe safety safely dangerous danger risk risks risky harmful harm unsafe",
  addiction: "addiction addictive addicted addict addicting hooked dependence dependent dependency abuse abused misuse misused crave craving cravings sober sobriety",
  drive: "drive driving drove driver drivers",
  ride: "ride rides uber lyft taxi cab rideshare bus transport transportation pickup",
  depression: "depression depressed depressive",
  antidepressant: "antidepressant antidepressants ssri ssris snri snris prozac zoloft lexapro wellbutrin celexa paxil effexor cymbalta sertraline fluoxetine escitalopram citalopram bupropion venlafaxine duloxetine paroxetine trintellix",
  medication: "medication medications medicine medicines",
  oral: "oral pill pills tablet tablets troche troches lozenge lozenges sublingual",
  doctor: "doctor doctors psychiatrist psychiatrists physician physicians therapist therapists clinician clinicians provider prescriber pcp",
  ect: "ect electroconvulsive electroshock",
  spray: "spray nasal intranasal",
  iv: "iv ivs intravenous intravenously",
  injection: "injection injections shot shots intramuscular needle needles jab jabs",
  minor: "kid kids child children teen teens teenager teenagers teenage minor minors adolescent adolescents son daughter youth",
  age: "age ages old older elderly senior seniors aged",
  pregnant: "pregnant pregnancy breastfeeding",
  trip: "trip trips tripping trippy hallucinate hallucinating hallucination hallucinations psychedelic psychedelics high",
  dissociation: "dissociation dissociative dissociate detached spacey spacy disconnected floaty",
  heart: "heart cardiac cardiovascular",
  anxiety: "anxiety anxious panic",
  pain: "pain fibromyalgia fibro migraine migraines",
  ptsd: "ptsd trauma traumatic",
  consult: "consult consultation consults consultations",
  book: "book booking schedule scheduling",
  cancel: "cancel cancelled canceled cancelling canceling cancellation",
  reschedule: "reschedule rescheduling rebook",
  human: "human humans person agent representative rep operator staff",
  thanks: "thanks thank thankyou appreciate appreciated cheers",
  hello: "hi hello hey hiya heya howdy hallo sup greetings",
  bye: "bye goodbye byebye",
  yes: "yes yeah yea yep yup yah",
  no: "no nope nah naw",
  effect: "effect effects affect affects",
  work: "work works working worked",
  feel: "feel feels feeling felt",
  help: "help helps helped helping helpful",
  approved: "approved approval approve",
  awake: "awake asleep conscious unconscious sedated sedation",
  form: "form forms type types kind kinds version versions",
  efficacy: "effective effectiveness efficacy efficacious success successful",
  eligible: "eligible eligibility qualify qualified qualifies qualifying candidate candidates allowed permitted cleared",
  condition: "condition conditions schizophrenia psychosis psychotic seizure seizures epilepsy glaucoma stroke liver kidney",
  substance: "alcohol alcoholic alcoholism weed marijuana cannabis opioid opioids opiate opiates heroin fentanyl cocaine meth benzo benzos xanax",
  legal: "legal illegal lawful",
  eat: "eat eating ate food meal meals breakfast lunch dinner snack",
  drink: "drink drinks water coffee caffeine tea juice",
  fasting: "fasting npo",
  before: "before beforehand prior",
  wear: "wear wearing clothes clothing outfit",
  someone: "someone somebody anyone anybody",
  bot: "bot robot chatbot ai automated machine",
  menu: "menu topics",
  anesthetic: "anesthetic anesthetics anesthesia anaesthetic anaesthesia surgery surgeries surgical",
  benefit: "benefit benefits improvement improvements relief improve improved",
  many: "many several multiple",
  chance: "chance chances odds likelihood probability",
  weekday: "monday mondays tuesday tuesdays wednesday wednesdays thursday thursdays friday fridays saturday saturdays sunday sundays weekend weekends weekday weekdays",
  open: "open opens opening close closes closing",
  until: "until till til",
  versus: "vs versus compare compared comparison comparing than",
};

/** Single words and the concept token they become. */
export const SYNONYMS: ReadonlyMap<string, string> = new Map(
  Object.entries(GROUPS).flatMap(([concept, words]) => words.split(" ").map((w) => [w, concept] as const)),
);

/** Words that carry no topic: dropped after phrases and synonyms are resolved. */
export const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    "a an the of to for in on at by from with about and or but so as if then than " +
    "is are am was were be been being i me my mine myself you your yours we us our it itself this that these those " +
  "usually typically normally generally probably maybe still even " +
    "they them their he she him her his there here do does did doing done have has had having just really very please " +
    "um uh oh also any some would could should will shall may might must can get got gets getting gonna let " +
    "actually exactly even anyway bit lot thing stuff guys one each every way just too also"
  ).split(" "),
);

/**
 * Concepts that only come up when someone talks about this kind of care. A message that names
 * one is in scope even when it also has words the FAQ never uses (a story, a name).
 */
export const DOMAIN_ANCHORS: ReadonlySet<string> = new Set(
  (
    "ketamine spravato session depression trd ect antidepressant medication doctor consult sideeffect iv injection spray " +
    "oral dissociation ptsd anxiety ocd insurance therapy treat clinic trip awake addiction controlled streetdrug fda offlabel " +
    "nausea dizzy bloodpressure hypertension heartrate maintenance onset"
  ).split(" "),
);

/** Words that, as a whole message, are a greeting ("morning!"), though inside a question they are not. */
export const SALUTATIONS: ReadonlySet<string> = new Set(["morning", "afternoon", "evening", "mornin", "evenin"]);

/** Pronouns that point back to what was said before ("how long do they last?"). */
export const ANAPHORS: ReadonlySet<string> = new Set("they them those these it this that its their".split(" "));
