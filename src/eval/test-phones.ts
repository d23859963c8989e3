/**
 * A phone number no earlier line of this eval run used, in the given US area code: each blind
 * line is a new person. Random numbers collided (a line then ran in another line's conversation,
 * after its crisis), and numbering each set from the same start put a run's second set on the
 * first one's conversations.
 */
let issued = 0;

export function freshTestPhone(areaCode: "212" | "555"): string {
  return `+1${areaCode}${String(5_000_000 + issued++).padStart(7, "0")}`;
}
