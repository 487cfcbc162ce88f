// Which peer addresses the address book keeps (addrBookStrict). "auto", the default,
// keeps public IP literals plus addresses of the same scope as the node's own: loopback
// ones when it listens (or advertises) on loopback, private ones when on a private
// network, so seeds and PEX work on a laptop or a LAN while a public node stays strict.
// true keeps public IP literals only (CometBFT's addr_book_strict); false keeps every
// well-formed address, DNS names included. Drops are logged once, at info, so an
// operator whose discovery finds nothing learns why.
import type { Logger } from 'pino'
import { addressScope, hostOf, type AddressScope } from '../transport/network-group.js'

/** addrBookStrict: true, false or "auto" (see the file header). */
export type AddrBookStrict = boolean | 'auto'

export class AddressPolicy {
  private scopes: ReadonlySet<AddressScope> = new Set(['public'])
  private logged = false

  constructor (private readonly mode: AddrBookStrict, private readonly log: Logger) {}

  /** Fix the accepted scopes from our own listen and advertised addresses (at start). */
  configure (ownAddresses: Iterable<string>): void {
    const scopes = new Set<AddressScope>(['public'])
    if (this.mode === 'auto') {
      for (const address of ownAddresses) {
        const scope = addressScope(hostOf(address) ?? '')
        if (scope === 'loopback' || scope === 'private') scopes.add(scope)
      }
    }
    this.scopes = scopes
  }

  /** Scopes kept (every scope when strictness is off). */
  get accepted (): string[] {
    return this.mode === false ? ['any'] : [...this.scopes]
  }

  /** May the book hold an address on this host? */
  accepts (host: string): boolean {
    return this.mode === false || this.scopes.has(addressScope(host))
  }

  /** Addresses were dropped by this policy: say so once per run. */
  dropped (count: number, example: string): void {
    if (this.logged || count === 0) return
    this.logged = true
    this.log.info({ addrBookStrict: this.mode, accepted: this.accepted, example, dropped: count },
      'peer addresses dropped by addrBookStrict (logged once); set addrBookStrict false (--addr-book-strict false) to keep every address')
  }
}
