// A FIFO queue with O(1) push and shift. Array.prototype.shift is O(n) on long arrays,
// and a memory link can hold thousands of in-flight chunks behind a slow reader.

/** First-in, first-out queue; `undefined` items are not supported. */
export class ChunkQueue<T> {
  private items: Array<T | undefined> = []
  private head = 0

  get length (): number {
    return this.items.length - this.head
  }

  push (item: T): void {
    this.items.push(item)
  }

  /** The oldest item, or undefined when empty. */
  peek (): T | undefined {
    return this.items[this.head]
  }

  /** Remove and return the oldest item, or undefined when empty. */
  shift (): T | undefined {
    if (this.head >= this.items.length) return undefined
    const item = this.items[this.head]
    this.items[this.head] = undefined // let it be collected
    this.head++
    // Compact once the consumed prefix dominates, keeping the amortised cost O(1).
    if (this.head >= 1024 && this.head * 2 >= this.items.length) {
      this.items = this.items.slice(this.head)
      this.head = 0
    } else if (this.head === this.items.length) {
      this.items.length = 0
      this.head = 0
    }
    return item
  }

  clear (): void {
    this.items.length = 0
    this.head = 0
  }
}
