/** Disjoint sets over string keys (path halving, union by size): the transitive closure of "same matter". */
export class UnionFind {
  private readonly parent = new Map<string, string>();
  private readonly size = new Map<string, number>();

  add(key: string): void {
    if (!this.parent.has(key)) {
      this.parent.set(key, key);
      this.size.set(key, 1);
    }
  }

  has(key: string): boolean {
    return this.parent.has(key);
  }

  find(key: string): string {
    this.add(key);
    let node = key;
    for (let up = this.parent.get(node)!; up !== node; up = this.parent.get(node)!) {
      const grand = this.parent.get(up)!;
      this.parent.set(node, grand);
      node = grand;
    }
    return node;
  }

  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    const [big, small] = this.size.get(ra)! >= this.size.get(rb)! ? [ra, rb] : [rb, ra];
    this.parent.set(small, big);
    this.size.set(big, this.size.get(big)! + this.size.get(small)!);
  }
}
