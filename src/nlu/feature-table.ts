/**
 * Feature names to column numbers, as two typed arrays instead of a Map of strings.
 *
 * The two classifiers know about 350,000 feature names ("w:pill", "c:<su", "b:want to"). As a
 * Map they cost some 26 MB of heap in small strings, a fifth of a second to rebuild at every
 * start, and time in every full garbage collection. Here a name is kept only as two 32-bit hashes
 * of its characters: one picks the slot (open addressing, linear probing, the table at most half
 * full), the other is kept in the slot and checked. Two names share a column only if both hashes
 * agree (about one chance in 2^64 per pair of names); the table is built once, in training, and
 * serialised as it is, so a model read from the cache finds exactly the columns it was trained with.
 */
export class FeatureTable {
  private constructor(
    /** Column of the name in each slot, -1 for an empty slot. */
    private readonly slots: Int32Array,
    /** The second hash of the name in each slot. */
    private readonly checks: Uint32Array,
    /** How many columns there are. */
    readonly size: number,
  ) {}

  /**
   * Columns 0, 1, 2... for `names` in their order. A name whose two hashes equal an earlier
   * name's gets that name's column (never seen in practice; it would merge two features).
   */
  static build(names: Iterable<string>): FeatureTable {
    const list = [...names];
    let capacity = 16;
    while (capacity < list.length * 2) capacity *= 2;
    const slots = new Int32Array(capacity).fill(-1);
    const checks = new Uint32Array(capacity);
    const mask = capacity - 1;
    let size = 0;
    for (const name of list) {
      hash(name);
      const h2 = hashB;
      let at = hashA & mask;
      while (slots[at] !== -1 && checks[at] !== h2) at = (at + 1) & mask;
      if (slots[at] === -1) {
        slots[at] = size++;
        checks[at] = h2;
      }
    }
    return new FeatureTable(slots, checks, size);
  }

  /** The column of `name`, or undefined when the table does not know it. */
  get(name: string): number | undefined {
    hash(name);
    const h2 = hashB;
    const mask = this.slots.length - 1;
    let at = hashA & mask;
    for (;;) {
      const column = this.slots[at]!;
      if (column === -1) return undefined;
      if (this.checks[at] === h2) return column;
      at = (at + 1) & mask;
    }
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** The size, then the slots and their checks, little-endian (see {@link FeatureTable.read}). */
  toBuffer(): Buffer {
    const head = Buffer.alloc(8);
    head.writeUInt32LE(this.size, 0);
    head.writeUInt32LE(this.slots.length, 4);
    return Buffer.concat([head, Buffer.from(this.slots.buffer, this.slots.byteOffset, this.slots.byteLength), Buffer.from(this.checks.buffer, this.checks.byteOffset, this.checks.byteLength)]);
  }

  /** Reads a table written by {@link toBuffer} at `offset`; returns it and the offset after it. */
  static read(buffer: Buffer, offset: number): { table: FeatureTable; end: number } {
    if (offset + 8 > buffer.length) throw new Error("feature table is truncated");
    const size = buffer.readUInt32LE(offset);
    const capacity = buffer.readUInt32LE(offset + 4);
    if (capacity === 0 || (capacity & (capacity - 1)) !== 0 || size > capacity) throw new Error("feature table is corrupt");
    const end = offset + 8 + capacity * 8;
    if (end > buffer.length) throw new Error("feature table is truncated");
    // Copied out of the file's buffer: typed arrays need aligned offsets.
    const slots = new Int32Array(capacity);
    new Uint8Array(slots.buffer).set(buffer.subarray(offset + 8, offset + 8 + capacity * 4));
    const checks = new Uint32Array(capacity);
    new Uint8Array(checks.buffer).set(buffer.subarray(offset + 8 + capacity * 4, end));
    return { table: new FeatureTable(slots, checks, size), end };
  }
}

/** The two hashes of the last {@link hash} call (kept here, so a lookup allocates nothing). */
let hashA = 0;
let hashB = 0;

/** Two independent 32-bit hashes of the UTF-16 code units (FNV-1a, and a multiply-xorshift with another seed). */
function hash(name: string): void {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a ^= a >>> 16;
  a = Math.imul(a, 0x85ebca6b);
  a ^= a >>> 13;
  hashA = a >>> 0;
  hashB = b >>> 0;
}
