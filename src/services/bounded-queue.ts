/**
 * A queue of at most `capacity` items between one producer and one consumer: put() waits while it is full,
 * take() waits while it is empty and returns undefined once it is closed and drained. close() may come from either
 * side (the consumer closes it when it fails; a waiting put() then returns false at once, dropping its item).
 */
export class BoundedQueue<T> {
  private readonly items: T[] = [];
  private closed = false;
  private wakeTaker?: () => void;
  private wakePutter?: () => void;

  constructor(private readonly capacity: number) {}

  /** Adds an item once there is room; false (the item dropped) when the queue was closed. */
  async put(item: T): Promise<boolean> {
    while (!this.closed && this.items.length >= this.capacity)
      await new Promise<void>((r) => {
        this.wakePutter = r;
      });
    if (this.closed) return false;
    this.items.push(item);
    this.wake("taker");
    return true;
  }

  async take(): Promise<T | undefined> {
    while (!this.items.length && !this.closed)
      await new Promise<void>((r) => {
        this.wakeTaker = r;
      });
    const item = this.items.shift();
    this.wake("putter");
    return item;
  }

  close(): void {
    this.closed = true;
    this.wake("taker");
    this.wake("putter");
  }

  private wake(who: "taker" | "putter"): void {
    const w = who === "taker" ? this.wakeTaker : this.wakePutter;
    if (who === "taker") this.wakeTaker = undefined;
    else this.wakePutter = undefined;
    w?.();
  }
}
