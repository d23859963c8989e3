/**
 * SMS shorthand and contractions (apostrophes already removed), expanded before spelling
 * correction so "hw r u" and "how are you" look the same to the matcher.
 */
export const SHORTHAND: Readonly<Record<string, string>> = {
  u: "you", ya: "you", yu: "you", r: "are", ur: "your", urs: "yours", youre: "you are",
  hw: "how", hws: "how is", hows: "how is", wat: "what", wht: "what", wut: "what", wot: "what", whta: "what",
  whats: "what is", wats: "what is", wen: "when", whens: "when is", whr: "where", wher: "where", wheres: "where is",
  whos: "who is", y: "why", ppl: "people", pple: "people", pls: "please", plz: "please", pleez: "please",
  abt: "about", b4: "before", bc: "because", bcuz: "because", bcz: "because", cuz: "because", cos: "because", coz: "because",
  w: "with", wo: "without", thru: "through", tho: "though",
  im: "i am", ive: "i have", id: "i would", ill: "i will", itll: "it will", youll: "you will",
  dont: "do not", doesnt: "does not", didnt: "did not", cant: "can not", cannot: "can not", wont: "will not",
  isnt: "is not", arent: "are not", wasnt: "was not", werent: "were not", shouldnt: "should not", wouldnt: "would not",
  couldnt: "could not", havent: "have not", hasnt: "has not", thats: "that is", theres: "there is", its: "it is",
  theyre: "they are", lets: "let us", wanna: "want to", gonna: "going to", gotta: "got to", hafta: "have to",
  kinda: "kind of", sorta: "sort of", lemme: "let me", gimme: "give me", dunno: "do not know", idk: "i do not know",
  cn: "can", cud: "could", shud: "should", wud: "would", hv: "have", bn: "been", gd: "good", rn: "right now",
  tmr: "tomorrow", tmrw: "tomorrow", tmrow: "tomorrow", "2moro": "tomorrow", "2morrow": "tomorrow", "2day": "today", "2nite": "tonight",
  nxt: "next", min: "minute", mins: "minutes", hr: "hour", hrs: "hours", wk: "week", wks: "weeks",
  yr: "year", yrs: "years", mo: "month", mos: "months",
  appt: "appointment", appts: "appointments", apt: "appointment", sesh: "session", seshs: "sessions",
  tx: "treatment", txs: "treatments", trtmt: "treatment", meds: "medication", med: "medication", rx: "prescription",
  dr: "doctor", doc: "doctor", docs: "doctors", bp: "blood pressure", hbp: "high blood pressure",
  ins: "insurance", insur: "insurance", ket: "ketamine", keta: "ketamine", ketamines: "ketamine",
  resched: "reschedule", cncl: "cancel", canx: "cancel", bk: "book", msg: "message", txt: "text",
  sry: "sorry", srry: "sorry", btw: "by the way", fyi: "for your information", lol: "", lmao: "", omg: "",
  thx: "thanks", thnx: "thanks", tnx: "thanks", thanx: "thanks", thks: "thanks", ty: "thank you", tysm: "thank you so much", tyvm: "thank you very much",
  ttyl: "talk to you later", cya: "see you", gn: "good night", k: "ok", kk: "ok", okey: "ok", okay: "ok", nvm: "never mind",
};
