import { IANAZone } from "luxon";
import { parsePhoneNumberFromString } from "libphonenumber-js";

const ET = "America/New_York";
const CT = "America/Chicago";
const MT = "America/Denver";
const AZ = "America/Phoenix";
const PT = "America/Los_Angeles";
const AK = "America/Anchorage";
const HI = "Pacific/Honolulu";

/** Words and abbreviations people use for US zones, matched as whole words. */
const ZONE_WORDS: readonly [RegExp, string][] = [
  [/\b(eastern|e[sd]?t|east coast|new york|nyc|boston|philly|philadelphia|miami|florida|atlanta|georgia|washington dc|dc|detroit|ohio|new jersey|nj|virginia|north carolina|carolina|pennsylvania|massachusetts|maryland)\b/, ET],
  [/\b(central|c[sd]?t|chicago|illinois|texas|dallas|houston|austin|san antonio|minneapolis|minnesota|nashville|tennessee|new orleans|louisiana|st\.? louis|missouri|wisconsin|iowa|oklahoma|kansas city)\b/, CT],
  [/\b(arizona|phoenix|tucson|scottsdale)\b/, AZ],
  [/\b(mountain|m[sd]?t|denver|colorado|utah|salt lake|boise|idaho|new mexico|albuquerque|montana|wyoming)\b/, MT],
  [/\b(pacific|p[sd]?t|west coast|california|cali|los angeles|san francisco|sf|bay area|san diego|san jose|sacramento|seattle|washington state|portland|oregon|las vegas|vegas|nevada|long beach)\b/, PT],
  [/\b(alaska|anchorage|ak[sd]?t)\b/, AK],
  [/\b(hawaii|honolulu|hst|hawaiian)\b/, HI],
];

/** The zone of a `zone:<IANA name>` button payload, or null when it is not a real zone (never "Invalid DateTime" later). */
export function zoneFromPayload(value: string): string | null {
  const name = value.trim();
  return name.length <= 64 && /^[A-Za-z_]+(?:\/[A-Za-z0-9_+-]+){1,2}$/.test(name) && IANAZone.isValidZone(name) ? name : null;
}

/**
 * A time zone named in free text: "ET", "pacific", "I'm in New York", "Chicago time",
 * or an IANA name such as "Europe/London". Null when none is named.
 */
export function parseZone(text: string): string | null {
  const iana = /\b([A-Z][A-Za-z_]+\/[A-Z][A-Za-z_]+(?:\/[A-Z][A-Za-z_]+)?)\b/.exec(text)?.[1];
  if (iana && IANAZone.isValidZone(iana)) return iana;
  // Two-letter state codes only count in capitals ("NY"), so "ny" in a sentence does not.
  if (/\bNY\b/.test(text)) return ET;
  if (/\bLA\b/.test(text)) return PT;
  const lower = ` ${text.toLowerCase()} `;
  for (const [pattern, zone] of ZONE_WORDS) {
    if (pattern.test(lower)) return zone;
  }
  return null;
}

/** A small area code table: the most common US area codes by zone. */
const AREA_CODES: Readonly<Record<string, string>> = {
  ...codes(ET, "201 202 203 207 212 215 216 239 240 267 301 302 305 313 315 321 347 352 401 404 407 410 412 413 443 470 475 516 517 518 561 585 603 607 609 610 614 617 631 646 678 703 704 716 717 718 727 732 754 757 770 772 774 781 786 802 804 813 843 845 856 857 860 862 904 908 914 917 919 929 954 973 980"),
  ...codes(CT, "205 210 214 217 218 225 251 254 262 270 281 309 312 314 316 318 319 334 346 361 402 405 409 414 417 430 469 479 501 504 512 515 563 573 601 608 612 615 618 630 636 651 662 682 708 713 715 731 737 763 773 779 815 816 817 830 832 847 901 903 918 920 936 940 952 956 972 979"),
  ...codes(MT, "303 307 385 406 435 505 575 719 720 801 970 986 208"),
  ...codes(AZ, "480 520 602 623 928"),
  ...codes(PT, "206 209 213 253 310 323 341 360 408 415 424 425 442 503 509 510 530 541 559 562 619 626 628 650 657 661 669 702 707 714 725 747 760 775 805 818 831 858 909 916 925 949 951 971"),
  ...codes(AK, "907"),
  ...codes(HI, "808"),
};

/** The zone an SMS number's US area code suggests, or null (not a US number, or unknown code). */
export function zoneFromPhone(e164: string): string | null {
  const parsed = parsePhoneNumberFromString(e164);
  if (parsed?.countryCallingCode !== "1") return null;
  return AREA_CODES[parsed.nationalNumber.slice(0, 3)] ?? null;
}

function codes(zone: string, list: string): Record<string, string> {
  return Object.fromEntries(list.split(" ").map((c) => [c, zone]));
}
