/**
 * The reasons a test runner gives for each failed test: pytest's short summary
 * (`FAILED tests/x.py::test_y - ConnectionError: …`) and, without one, its exception lines
 * (`E   requests.exceptions.ConnectionError: …`); go test's (`    db_test.go:36: dial tcp …` and
 * testify's `Error:` line); surefire's `<<< ERROR!` line for a Java test. A reason often goes on
 * over the next lines (a wrapped summary, testify's "Received unexpected error:", a Java exception
 * and its causes), so each reason is a block: its line and the lines after it, up to the next reason,
 * a blank line or a few lines on. When every block names the same kind of transient cause, the tests
 * failed because of it (a registry or a service down), not on their own assertions; a single
 * assertion among them keeps the verdict a test failure.
 */

/** pytest's short test summary line for a failed or errored test, with its reason after ` - `. */
const SUMMARY_REASON = /^\s*(FAILED|ERROR) \S+ - /
/** pytest's line for the exception a test raised (`E   pkg.SomeError: message`). */
const RAISED = /^E\s+[\w.]*(Error|Exception|Exit|Timeout)\b/
/** go test's message from t.Error/t.Fatal (`    x_test.go:12: message`), and testify's `Error:` line. */
const GO_REASON = /^\s+(\w+_test\.go:\d+: \S|Error:\s+\S)/
/** surefire's line for one failed Java test; its exception follows. */
const JAVA_REASON = /<<< (ERROR|FAILURE)!\s*$/
/** A reason that is the test's own assertion: whatever follows it, the test failed on its own. */
const ASSERTION = /\bassert|\bexpected\b/i
/** Lines after a reason line that still belong to it. */
const BLOCK_LINES = 4

/** One failed test's reason: its first line and last line (1-based, inclusive). */
export interface ReasonBlock {
  start: number
  end: number
  /** The reason line is an assertion of the test's own. */
  assertion: boolean
}

/** The reason blocks of the runner's failed tests; empty when it printed none. */
export function failureReasonBlocks(text: string): ReasonBlock[] {
  const lines = text.split('\n')
  const numbered = (pattern: RegExp): number[] =>
    lines.flatMap((line, i) => (pattern.test(line) ? [i + 1] : []))
  const summary = numbered(SUMMARY_REASON)
  const raised = numbered(RAISED)
  const go = numbered(GO_REASON)
  const starts = summary.length
    ? summary
    : raised.length
      ? raised
      : go.length
        ? go
        : numbered(JAVA_REASON)
  return starts.map((start, i) => {
    const limit = Math.min(starts[i + 1] ?? Infinity, start + BLOCK_LINES + 1, lines.length + 1)
    let end = start
    while (end + 1 < limit && lines[end]!.trim() !== '') end++
    return { start, end, assertion: ASSERTION.test(lines[start - 1]!) }
  })
}
