/** JUnit XML, the format test reporters read: suites of cases that pass, fail or are skipped. */

export interface JunitCase {
  name: string
  classname: string
  /** Seconds. */
  time: number
  failure?: { type: string; message: string; text?: string }
  skipped?: string
  /** Shown by reporters as the case's output. */
  output?: string
}

export interface JunitSuite {
  name: string
  cases: JunitCase[]
}

function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .split('')
    .filter(char => char >= ' ' || char === '\n' || char === '\t' || char === '\r')
    .join('')
}

function testCase(c: JunitCase): string {
  const head = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}" time="${c.time.toFixed(3)}"`
  const body = [
    c.failure
      ? `      <failure type="${escapeXml(c.failure.type)}" message="${escapeXml(c.failure.message)}">${escapeXml(c.failure.text ?? c.failure.message)}</failure>`
      : '',
    c.skipped !== undefined ? `      <skipped message="${escapeXml(c.skipped)}"/>` : '',
    c.output ? `      <system-out>${escapeXml(c.output)}</system-out>` : ''
  ].filter(Boolean)
  return body.length ? `${head}>\n${body.join('\n')}\n    </testcase>` : `${head}/>`
}

export function junitXml(suites: JunitSuite[]): string {
  const count = (suite: JunitSuite, what: 'failure' | 'skipped'): number =>
    suite.cases.filter(c => c[what] !== undefined).length
  const body = suites.map(suite => {
    const time = suite.cases.reduce((sum, c) => sum + c.time, 0)
    return `  <testsuite name="${escapeXml(suite.name)}" tests="${suite.cases.length}" failures="${count(suite, 'failure')}" skipped="${count(suite, 'skipped')}" time="${time.toFixed(3)}">\n${suite.cases.map(testCase).join('\n')}\n  </testsuite>`
  })
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${body.join('\n')}\n</testsuites>\n`
}
