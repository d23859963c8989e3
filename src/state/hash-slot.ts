/**
 * Redis Cluster key slots (the cluster specification's HASH_SLOT: CRC16-XMODEM of the key,
 * or of its first non-empty `{hash tag}`, modulo 16384). Used to split multi-key reads and
 * deletes per slot, and to refuse a script whose keys would land on different nodes.
 */

export const HASH_SLOTS = 16384;

const CRC16_TABLE = (() => {
  const table = new Uint16Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? (crc << 1) ^ 0x1021 : crc << 1;
    table[i] = crc & 0xffff;
  }
  return table;
})();

/** CRC16-XMODEM (polynomial 0x1021, initial 0) of the UTF-8 bytes of `text`. */
export function crc16(text: string): number {
  let crc = 0;
  for (const byte of Buffer.from(text, "utf8")) crc = ((crc << 8) ^ CRC16_TABLE[((crc >> 8) ^ byte) & 0xff]!) & 0xffff;
  return crc;
}

/** The part of a key that decides its slot: the first `{...}` with something inside, else the whole key. */
export function hashTagOf(key: string): string {
  const open = key.indexOf("{");
  if (open < 0) return key;
  const close = key.indexOf("}", open + 1);
  return close > open + 1 ? key.slice(open + 1, close) : key;
}

export function hashSlot(key: string): number {
  return crc16(hashTagOf(key)) % HASH_SLOTS;
}

/** Keys that one command or script touches together landed in different slots: Redis Cluster would answer CROSSSLOT. */
export class CrossSlotError extends Error {
  constructor(readonly keys: readonly string[]) {
    super(`keys of one operation must share a hash slot (give them one {hash tag}): ${keys.join(", ")}`);
    this.name = "CrossSlotError";
  }
}

/** Throws {@link CrossSlotError} unless every key maps to one slot. */
export function assertOneSlot(keys: readonly string[]): void {
  const first = keys[0];
  if (first === undefined) return;
  const slot = hashSlot(first);
  if (keys.some((k) => hashSlot(k) !== slot)) throw new CrossSlotError(keys);
}

/** Positions of `keys` grouped by slot, in first-seen order: one command per group on a cluster. */
export function groupBySlot(keys: readonly string[]): number[][] {
  const groups = new Map<number, number[]>();
  keys.forEach((key, i) => {
    const slot = hashSlot(key);
    const group = groups.get(slot);
    if (group) group.push(i);
    else groups.set(slot, [i]);
  });
  return [...groups.values()];
}
