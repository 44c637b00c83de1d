/**
 * The reasons a test runner gives for each failed test, when it prints them one a line: pytest's
 * short summary (`FAILED tests/x.py::test_y - ConnectionError: …`) and, without one, its exception
 * lines (`E   requests.exceptions.ConnectionError: …`), or go test's (`    db_test.go:36: dial tcp …`
 * and testify's `Error:` line). When every reason names the same kind of
 * transient cause, the tests failed because of it (a registry or a service down), not on their own
 * assertions; a single assertion among them keeps the verdict a test failure.
 */

/** pytest's short test summary line for a failed or errored test, with its reason after ` - `. */
const SUMMARY_REASON = /^\s*(FAILED|ERROR) \S+ - \S/
/** pytest's line for the exception a test raised (`E   pkg.SomeError: message`). */
const RAISED = /^E\s+[\w.]*(Error|Exception|Exit|Timeout)\b/
/** go test's message from t.Error/t.Fatal (`    x_test.go:12: message`), and testify's `Error:` line. */
const GO_REASON = /^\s+(\w+_test\.go:\d+: \S|Error:\s+\S)/

/** The line numbers (1-based, in `text`) of the runner's failure reasons; empty when it printed none. */
export function failureReasonLines(text: string): number[] {
  const lines = text.split('\n')
  const numbered = (pattern: RegExp): number[] =>
    lines.flatMap((line, i) => (pattern.test(line) ? [i + 1] : []))
  const summary = numbered(SUMMARY_REASON)
  if (summary.length > 0) return summary
  const raised = numbered(RAISED)
  return raised.length > 0 ? raised : numbered(GO_REASON)
}
