/**
 * Bounded output capture: keeps the first `headChars` and the last `tailChars` of a stream, however
 * much flows through, so a runaway command cannot exhaust memory while both the first error and the
 * final summary stay available for classification.
 */

export interface CaptureLimits {
  headChars: number
  tailChars: number
}

export const DEFAULT_CAPTURE: CaptureLimits = { headChars: 16 * 1024, tailChars: 64 * 1024 }

export class OutputCapture {
  private head = ''
  private tail = ''
  private dropped = 0
  private seen = 0

  constructor(private readonly limits: CaptureLimits = DEFAULT_CAPTURE) {}

  /** Adds a chunk of output. */
  push(chunk: string): void {
    this.seen += chunk.length
    let rest = chunk
    if (this.head.length < this.limits.headChars) {
      const room = this.limits.headChars - this.head.length
      this.head += rest.slice(0, room)
      rest = rest.slice(room)
    }
    this.tail += rest
    // trim in batches so a stream of small chunks stays linear
    if (this.tail.length > 2 * this.limits.tailChars) this.trim()
  }

  private trim(): void {
    const excess = this.tail.length - this.limits.tailChars
    if (excess <= 0) return
    this.tail = this.tail.slice(excess)
    this.dropped += excess
  }

  /** Characters seen in all. */
  get totalChars(): number {
    return this.seen
  }

  /** The kept text: head, a marker where output was dropped, and tail. */
  text(): string {
    this.trim()
    if (this.dropped === 0) return this.head + this.tail
    return `${this.head}\n[… ${this.dropped} characters not kept …]\n${this.tail}`
  }
}
