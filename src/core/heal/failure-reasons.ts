/**
 * The reasons a test runner gives for each failed test: pytest's short summary
 * (`FAILED tests/x.py::test_y - ConnectionError: …`) and, without one, its exception lines
 * (`E   requests.exceptions.ConnectionError: …`); go test's (`    db_test.go:36: dial tcp …` and
 * testify's `Error:` line); surefire's `<<< ERROR!` line for a Java test; a Rust test's panic; each
 * numbered failure mocha lists under `N failing`; each `●` block jest prints. A reason often goes on
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
/** A Rust test's panic (`thread 'tests::x' panicked at …`): its message is on the line or the next. */
const RUST_PANIC = /^\s*thread '[^']+' panicked at /
/** mocha's count of failed tests, after which it lists each one as `  1) suite` with its error. */
const MOCHA_FAILING = /^\s*\d+ failing\s*$/
const MOCHA_REASON = /^\s+\d+\) \S/
/** jest's header of one failed test (`● suite › test`), its error below it. */
const JEST_REASON = /^\s*● \S/
/** A reason that is the test's own assertion: whatever follows it, the test failed on its own. */
const ASSERTION = /\bassert|\bexpected\b/i
/** Lines after a reason line that still belong to it. */
const BLOCK_LINES = 4

/** One failed test's reason: its first line and last line (1-based, inclusive). */
export interface ReasonBlock {
  start: number
  end: number
  /** The reason is an assertion of the test's own. */
  assertion: boolean
}

/** Runners whose block starts with the test's name, its reason in the lines under it. */
type Kind = 'reason' | 'header'

/** The reason blocks of the runner's failed tests; empty when it printed none. */
export function failureReasonBlocks(text: string): ReasonBlock[] {
  const lines = text.split('\n')
  const numbered = (pattern: RegExp): number[] =>
    lines.flatMap((line, i) => (pattern.test(line) ? [i + 1] : []))
  const failing = lines.findIndex(line => MOCHA_FAILING.test(line))
  const mocha = failing < 0 ? [] : numbered(MOCHA_REASON).filter(n => n > failing + 1)
  // the first runner, in this order, that printed any reason gives the blocks
  const kinds: Array<[number[], Kind]> = [
    [numbered(SUMMARY_REASON), 'reason'],
    [numbered(RAISED), 'reason'],
    [numbered(GO_REASON), 'reason'],
    [numbered(JAVA_REASON), 'reason'],
    [numbered(RUST_PANIC), 'reason'],
    [mocha, 'header'],
    [numbered(JEST_REASON), 'header']
  ]
  const [starts, kind] = kinds.find(([found]) => found.length > 0) ?? [[], 'reason']
  return starts.map((start, i) => {
    const limit = Math.min(starts[i + 1] ?? Infinity, start + BLOCK_LINES + 1, lines.length + 1)
    let end = start
    // a header is followed by its test's name lines and a blank line before the error
    const blankAllowed = kind === 'header' ? 1 : 0
    let blanks = 0
    while (end + 1 < limit) {
      if (lines[end]!.trim() === '' && ++blanks > blankAllowed) break
      end++
    }
    while (end > start && lines[end - 1]!.trim() === '') end--
    // a reason line says whether it is an assertion; under a header, any line of the block does
    const said = kind === 'header' ? lines.slice(start - 1, end) : [lines[start - 1]!]
    return { start, end, assertion: said.some(line => ASSERTION.test(line)) }
  })
}
