// Prometheus metric helpers (prom-client): counters and gauges whose values are read from
// plain-number stats at scrape time, so no message path touches prom-client. Every layer
// that exports metrics (session, protocols, discovery, the RPC) builds on these.
import { Counter, Gauge, type Registry } from 'prom-client'

export type Pairs = Iterable<[string, number]>

export function counter (registry: Registry, name: string, help: string, label: string, read: () => Pairs): void {
  // eslint-disable-next-line no-new
  new Counter({
    name,
    help,
    labelNames: [label],
    registers: [registry],
    collect () {
      this.reset()
      for (const [value, n] of read()) this.inc({ [label]: value }, n)
    }
  })
}

export function gauge (registry: Registry, name: string, help: string, labelNames: string[], read: () => Iterable<[Record<string, string>, number]>): void {
  // eslint-disable-next-line no-new
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect () {
      this.reset()
      for (const [labels, n] of read()) this.set(labels, n)
    }
  })
}
