// A small typed event emitter for the light client (node:events is not in a browser).
export class Emitter<Events extends Record<string, unknown[]>> {
  private readonly listeners = new Map<keyof Events, Set<(...args: any[]) => void>>()

  on<K extends keyof Events> (event: K, fn: (...args: Events[K]) => void): this {
    let set = this.listeners.get(event)
    if (set === undefined) this.listeners.set(event, set = new Set())
    set.add(fn)
    return this
  }

  off<K extends keyof Events> (event: K, fn: (...args: Events[K]) => void): this {
    this.listeners.get(event)?.delete(fn)
    return this
  }

  protected emit<K extends keyof Events> (event: K, ...args: Events[K]): void {
    for (const fn of [...(this.listeners.get(event) ?? [])]) fn(...args)
  }
}
