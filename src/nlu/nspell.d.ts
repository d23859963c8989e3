// nspell ships no types; this is the part the matcher uses.
declare module "nspell" {
  interface NSpell {
    correct(word: string): boolean;
  }
  export default function nspell(dictionary: { aff: Uint8Array; dic: Uint8Array }): NSpell;
}
