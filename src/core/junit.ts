/**
 * JUnit XML, the format test reporters read: suites of cases that pass, fail, error or are skipped.
 * It keeps to what both common schemas accept (docs/outputs.md#junit-xml): Ant's (JUnitReport: every
 * testsuite has name, timestamp without a zone, hostname, tests, failures, errors, time, then
 * <properties>, its cases, <system-out> and <system-err>; a case holds at most one of skipped, error
 * or failure and nothing else) and Jenkins's (which accepts that and more). <testsuites> carries no
 * attributes: Ant's schema declares none.
 */
import os from 'node:os'

export interface JunitCase {
  name: string
  classname: string
  /** Seconds. */
  time: number
  /** The run did not get to judge: chaos-ci itself or the environment went wrong. */
  error?: { type: string; message: string; text?: string }
  failure?: { type: string; message: string; text?: string }
  skipped?: string
  /** Shown by reporters in the suite's output (Ant allows no output inside a case). */
  output?: string
}

export interface JunitSuite {
  name: string
  cases: JunitCase[]
  /** `<property>` entries of the suite, e.g. the verdict of each case that warned. */
  properties?: Array<[string, string]>
}

/** When and where the suites ran: Ant requires both on every suite. */
export interface JunitContext {
  timestamp: Date
  hostname: string
}

/** The real context: now, on this machine ('localhost' when its name is unknown, as Ant says). */
export function junitContext(timestamp = new Date()): JunitContext {
  return { timestamp, hostname: os.hostname().trim() || 'localhost' }
}

/** Whether XML 1.0 can hold the code point: not a control but tab/LF/CR, a lone surrogate, U+FFFE/F. */
function xmlChar(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    code >= 0x10000
  )
}

function escapeXml(text: string): string {
  return [...text]
    .filter(char => xmlChar(char.codePointAt(0)!))
    .join('')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}

/** An xs:token of at least one character (Ant's names): whitespace collapsed, never empty. */
function token(text: string, fallback: string): string {
  return escapeXml(text.replace(/\s+/g, ' ').trim() || fallback)
}

/** An xs:decimal number of seconds. */
function seconds(value: number): string {
  return (Number.isFinite(value) && value >= 0 ? value : 0).toFixed(3)
}

/** Ant's timestamp: ISO 8601 to the second, without a zone (UTC here); an invalid date is epoch. */
function antTimestamp(at: Date): string {
  return (Number.isNaN(at.getTime()) ? new Date(0) : at).toISOString().slice(0, 19)
}

function outcome(tag: 'error' | 'failure', o: NonNullable<JunitCase['failure']>): string {
  return `      <${tag} type="${escapeXml(o.type)}" message="${escapeXml(o.message)}">${escapeXml(o.text ?? o.message)}</${tag}>`
}

function testCase(c: JunitCase): string {
  const head = `    <testcase name="${token(c.name, 'unnamed')}" classname="${token(c.classname, 'chaos-ci')}" time="${seconds(c.time)}"`
  const body = c.error
    ? outcome('error', c.error)
    : c.failure
      ? outcome('failure', c.failure)
      : c.skipped !== undefined
        ? `      <skipped message="${escapeXml(c.skipped)}"/>`
        : ''
  return body ? `${head}>\n${body}\n    </testcase>` : `${head}/>`
}

function testSuite(suite: JunitSuite, id: number, context: JunitContext): string {
  const count = (test: (c: JunitCase) => boolean): number => suite.cases.filter(test).length
  const time = suite.cases.reduce((sum, c) => sum + (Number.isFinite(c.time) ? c.time : 0), 0)
  const attributes = [
    `name="${token(suite.name, 'chaos-ci')}"`,
    `package="chaos-ci"`,
    `id="${id}"`,
    `timestamp="${antTimestamp(context.timestamp)}"`,
    `hostname="${token(context.hostname, 'localhost')}"`,
    `tests="${suite.cases.length}"`,
    `failures="${count(c => !c.error && c.failure !== undefined)}"`,
    `errors="${count(c => c.error !== undefined)}"`,
    `skipped="${count(c => !c.error && !c.failure && c.skipped !== undefined)}"`,
    `time="${seconds(time)}"`
  ]
  const properties = (suite.properties ?? []).map(
    ([name, value]) =>
      `      <property name="${token(name, 'property')}" value="${escapeXml(value)}"/>`
  )
  const output = suite.cases
    .filter(c => c.output)
    .map(c => `${c.name}: ${c.output}`)
    .join('\n')
  return [
    `  <testsuite ${attributes.join(' ')}>`,
    properties.length
      ? `    <properties>\n${properties.join('\n')}\n    </properties>`
      : '    <properties/>',
    ...suite.cases.map(testCase),
    output ? `    <system-out>${escapeXml(output)}</system-out>` : '    <system-out/>',
    '    <system-err/>',
    '  </testsuite>'
  ].join('\n')
}

/** The XML document for `suites`, run at `context` (Ant's required timestamp and hostname). */
export function junitXml(suites: JunitSuite[], context: JunitContext = junitContext()): string {
  const body = suites.map((suite, id) => testSuite(suite, id, context))
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n${body.join('\n')}\n</testsuites>\n`
}
