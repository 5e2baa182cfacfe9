/**
 * Disjoint sets over the integers 0..size-1, with union by size and path
 * halving, so a sequence of n operations runs in close to linear time. The set
 * an element ends in does not depend on the order of the unions.
 */
export class UnionFind {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(readonly length: number) {
    this.parent = new Int32Array(length);
    this.size = new Int32Array(length).fill(1);
    for (let index = 0; index < length; index += 1) {
      this.parent[index] = index;
    }
  }

  /** Returns the representative of the set containing `element`. */
  find(element: number): number {
    let current = element;
    while (this.parent[current] !== current) {
      const grandparent = this.parent[this.parent[current]!]!;
      this.parent[current] = grandparent;
      current = grandparent;
    }
    return current;
  }

  /** Joins the sets of `a` and `b`, and returns false when they were already one set. */
  union(a: number, b: number): boolean {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) {
      return false;
    }
    if (this.size[rootA]! < this.size[rootB]!) {
      [rootA, rootB] = [rootB, rootA];
    }
    this.parent[rootB] = rootA;
    this.size[rootA]! += this.size[rootB]!;
    return true;
  }
}

/** Every element's keys as small integers, so that grouping compares numbers, not strings. */
export interface InternedKeys {
  /** The key ids of element i are `keyIds[offsets[i]]` up to `keyIds[offsets[i + 1]]`. */
  readonly keyIds: Int32Array;
  readonly offsets: Int32Array;
  /** The key of each id. */
  readonly names: readonly string[];
}

/** Numbers the distinct keys of `length` elements in the order they first appear. */
export function internKeys(
  length: number,
  keysOf: (element: number) => Iterable<string>,
): InternedKeys {
  const idOf = new Map<string, number>();
  const names: string[] = [];
  const offsets = new Int32Array(length + 1);
  let keyIds = new Int32Array(Math.max(16, length * 2));
  let used = 0;
  for (let element = 0; element < length; element += 1) {
    offsets[element] = used;
    for (const key of keysOf(element)) {
      let id = idOf.get(key);
      if (id === undefined) {
        id = names.length;
        idOf.set(key, id);
        names.push(key);
      }
      if (used === keyIds.length) {
        const grown = new Int32Array(keyIds.length * 2);
        grown.set(keyIds);
        keyIds = grown;
      }
      keyIds[used] = id;
      used += 1;
    }
  }
  offsets[length] = used;
  return { keyIds: keyIds.subarray(0, used), offsets, names };
}

/**
 * Groups elements that share a key id, directly or through a chain of keys. A key id for which
 * `joins` is false joins nothing. Returns, for each element, the smallest element index of its
 * group, which is the same whatever order the keys are listed in.
 */
export function groupByInternedKeys(
  interned: InternedKeys,
  joins: (keyId: number) => boolean = () => true,
): Int32Array {
  const length = interned.offsets.length - 1;
  const sets = new UnionFind(length);
  const firstWithKey = new Int32Array(interned.names.length).fill(-1);
  const joinable = new Uint8Array(interned.names.length);
  for (let id = 0; id < interned.names.length; id += 1) {
    joinable[id] = joins(id) ? 1 : 0;
  }

  for (let element = 0; element < length; element += 1) {
    for (let at = interned.offsets[element]!; at < interned.offsets[element + 1]!; at += 1) {
      const id = interned.keyIds[at]!;
      if (joinable[id] === 0) {
        continue;
      }
      const first = firstWithKey[id]!;
      if (first === -1) {
        firstWithKey[id] = element;
      } else {
        sets.union(first, element);
      }
    }
  }

  const smallest = new Int32Array(length).fill(-1);
  const groups = new Int32Array(length);
  for (let element = 0; element < length; element += 1) {
    const root = sets.find(element);
    if (smallest[root] === -1) {
      smallest[root] = element;
    }
    groups[element] = smallest[root]!;
  }
  return groups;
}

/** Groups elements that share a string key, as `groupByInternedKeys` does for key ids. */
export function groupBySharedKeys(
  length: number,
  keysOf: (element: number) => Iterable<string>,
  joins: (key: string) => boolean = () => true,
): Int32Array {
  const interned = internKeys(length, keysOf);
  return groupByInternedKeys(interned, (id) => joins(interned.names[id]!));
}
