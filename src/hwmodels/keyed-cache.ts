/**
 * A cache of values derived from an object and a string key, held weakly by the object: when a
 * spec or machine is dropped, so is everything derived from it. Models stay pure; the cache only
 * spares recomputing what a pure function of (owner, key) already returned.
 */
export class KeyedCache<Owner extends object, Value> {
  readonly #byOwner = new WeakMap<Owner, Map<string, Value>>();

  get(owner: Owner, key: string, compute: () => Value): Value {
    let byKey = this.#byOwner.get(owner);
    if (!byKey) {
      byKey = new Map();
      this.#byOwner.set(owner, byKey);
    }
    let value = byKey.get(key);
    if (value === undefined) {
      value = compute();
      byKey.set(key, value);
    }
    return value;
  }
}
