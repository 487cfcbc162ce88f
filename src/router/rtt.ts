// Answer-time smoothing as TCP's retransmission timer (RFC 6298, Jacobson/Karels): srtt and
// rttvar of the answers seen, and the timeout srtt + 4·rttvar within bounds. The request
// tracker keeps one per peer; block sync one per peer for its range answers.
export class RttEstimator {
  srtt: number | undefined
  rttvar = 0

  sample (rttMs: number): void {
    if (this.srtt === undefined) {
      this.srtt = rttMs
      this.rttvar = rttMs / 2
    } else {
      this.rttvar = 0.75 * this.rttvar + 0.25 * Math.abs(this.srtt - rttMs)
      this.srtt = 0.875 * this.srtt + 0.125 * rttMs
    }
  }

  /** srtt + 4·rttvar within [minMs, maxMs]; `initialMs` before the first answer. */
  timeout (initialMs: number, minMs: number, maxMs: number): number {
    return this.srtt === undefined ? initialMs : Math.min(maxMs, Math.max(minMs, this.srtt + 4 * this.rttvar))
  }
}
