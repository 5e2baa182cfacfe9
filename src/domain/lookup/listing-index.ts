import { hashKey } from './key-hash.ts';

const EMPTY = 0;
const DELETED = -1;
const MAX_LOAD = 0.7;
const TARGET_LOAD = 0.5;
const MIN_CAPACITY = 1024;

/**
 * An in-memory set of (lookup key, indicator id) pairs, for checking "is any
 * of these keys listed?" without touching the database. It stores only a
 * 53-bit hash of each key and the id, in an open-addressing table on typed
 * arrays (about 12 bytes a slot), so it can hold millions of listings.
 * `find` returns candidate ids: a hash collision can add a wrong one, so the
 * caller must confirm each against the stored indicator.
 */
export class ListingIndex {
  private hashes: Float64Array;
  private ids: Uint32Array;
  private used = 0;
  private live = 0;

  constructor(expectedSize = 0) {
    const capacity = capacityFor(expectedSize);
    this.hashes = new Float64Array(capacity);
    this.ids = new Uint32Array(capacity);
  }

  /** The number of pairs held. */
  get size(): number {
    return this.live;
  }

  /** Bytes held by the table's arrays. */
  get byteLength(): number {
    return this.hashes.byteLength + this.ids.byteLength;
  }

  /** Adds a pair. Adding a pair that is already present changes nothing. */
  add(key: string, id: number): void {
    const hash = hashKey(key);
    if (this.contains(hash, id)) {
      return;
    }
    if ((this.used + 1) / this.hashes.length > MAX_LOAD) {
      this.resize(capacityFor(this.live + 1));
    }
    this.insert(hash, id);
  }

  /** Removes a pair, if present. */
  remove(key: string, id: number): void {
    const hash = hashKey(key);
    const mask = this.hashes.length - 1;
    for (let slot = hash & mask; this.hashes[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === hash && this.ids[slot] === id) {
        this.hashes[slot] = DELETED;
        this.live--;
        return;
      }
    }
  }

  /** Returns the ids stored under `key`, or an empty array. */
  find(key: string): number[] {
    const hash = hashKey(key);
    const mask = this.hashes.length - 1;
    const found: number[] = [];
    for (let slot = hash & mask; this.hashes[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === hash) {
        found.push(this.ids[slot]!);
      }
    }
    return found;
  }

  private contains(hash: number, id: number): boolean {
    const mask = this.hashes.length - 1;
    for (let slot = hash & mask; this.hashes[slot] !== EMPTY; slot = (slot + 1) & mask) {
      if (this.hashes[slot] === hash && this.ids[slot] === id) {
        return true;
      }
    }
    return false;
  }

  private insert(hash: number, id: number): void {
    const mask = this.hashes.length - 1;
    let slot = hash & mask;
    while (this.hashes[slot] !== EMPTY && this.hashes[slot] !== DELETED) {
      slot = (slot + 1) & mask;
    }
    if (this.hashes[slot] === EMPTY) {
      this.used++;
    }
    this.hashes[slot] = hash;
    this.ids[slot] = id;
    this.live++;
  }

  private resize(capacity: number): void {
    const { hashes, ids } = this;
    this.hashes = new Float64Array(capacity);
    this.ids = new Uint32Array(capacity);
    this.used = 0;
    this.live = 0;
    for (let slot = 0; slot < hashes.length; slot++) {
      const hash = hashes[slot]!;
      if (hash !== EMPTY && hash !== DELETED) {
        this.insert(hash, ids[slot]!);
      }
    }
  }
}

function capacityFor(size: number): number {
  let capacity = MIN_CAPACITY;
  while (size / capacity > TARGET_LOAD) {
    capacity *= 2;
  }
  return capacity;
}
