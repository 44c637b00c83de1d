/**
 * The step's log for a child's output, passed through as it comes. A workflow command such as
 * `::endgroup::` is only read at the start of a line, and output without a trailing newline (the
 * body of `curl -fsS`, a `printf`) would leave it mid-line: the group would never close and every
 * later line would fold into it. So the log knows where its line is and ends it before a command.
 */
import * as core from '@actions/core'

export class StepLog {
  private atLineStart = true

  constructor(private readonly out: (text: string) => void = text => process.stdout.write(text)) {}

  /** Passes output through unchanged. */
  write(text: string): void {
    if (text === '') return
    this.out(text)
    this.atLineStart = text.endsWith('\n')
  }

  /** Ends the line output left open, if it did, so that what follows starts a line. */
  endLine(): void {
    if (this.atLineStart) return
    this.out('\n')
    this.atLineStart = true
  }

  startGroup(title: string): void {
    this.endLine()
    core.startGroup(title)
  }

  endGroup(): void {
    this.endLine()
    core.endGroup()
  }

  info(line: string): void {
    this.endLine()
    core.info(line)
  }
}
