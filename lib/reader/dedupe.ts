/**
 * Remembers the last `capacity` keys, forgetting the oldest first. Virtualised lists bring
 * rows back as new nodes; this keeps a re-render from being sent twice without letting a
 * long-open tab grow without bound. (The database dedupes again, for keys forgotten here.)
 */
export class RecentKeys {
  private readonly keys = new Set<string>();
  constructor(private readonly capacity: number) {}

  /** True when the key is new (and now remembered). */
  add(key: string): boolean {
    if (this.keys.has(key)) return false;
    this.keys.add(key);
    if (this.keys.size > this.capacity) {
      const oldest = this.keys.values().next().value as string;
      this.keys.delete(oldest);
    }
    return true;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  get size(): number {
    return this.keys.size;
  }
}
