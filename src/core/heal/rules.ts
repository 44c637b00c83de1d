/**
 * Failure classification rules. Rules are tried in order; the first that matches names the failure's
 * category, whether it is worth retrying, and how to heal it. Built-ins cover the common causes;
 * user rules (rules-file.ts) come first and replace built-ins of the same name.
 */

/** Failure categories. `test` is a real test failure: never retried by default. */
export const CATEGORIES = [
  'dependency',
  'configuration',
  'health_check',
  'network',
  'resource',
  'timeout',
  'injection',
  'test',
  'unknown'
] as const
export type Category = (typeof CATEGORIES)[number]

/** What is done between a failure and the retry. */
export const STRATEGIES = [
  'fix-dependencies',
  'wait-for-health',
  'wait-for-stable',
  'backoff',
  'none'
] as const
export type Strategy = (typeof STRATEGIES)[number]

/** The strategy a category gets when its rule names none. */
export const DEFAULT_STRATEGY: Record<Category, Strategy> = {
  dependency: 'fix-dependencies',
  configuration: 'none',
  health_check: 'wait-for-health',
  network: 'backoff',
  resource: 'backoff',
  timeout: 'backoff',
  injection: 'wait-for-stable',
  test: 'none',
  unknown: 'backoff'
}

/** Whether a category is retried when its rule does not say. Only transient causes are. */
export const DEFAULT_RETRYABLE: Record<Category, boolean> = {
  dependency: true,
  configuration: false,
  health_check: true,
  network: true,
  resource: false,
  timeout: true,
  injection: true,
  test: false,
  unknown: false
}

export interface Rule {
  name: string
  category: Category
  /** Matched against each line of the kept output. */
  pattern?: RegExp
  /** Exit codes that match; a signal counts as 128 + its number (SIGKILL is 137). */
  exitCodes?: number[]
  /** Matches attempts that ran past their timeout. */
  onTimeout?: boolean
  retryable: boolean
  strategy: Strategy
  /** Where the rule came from: `built-in` or a file name. */
  source: string
}

function builtin(
  name: string,
  category: Category,
  match: Pick<Rule, 'pattern' | 'exitCodes' | 'onTimeout'>,
  retryable = DEFAULT_RETRYABLE[category]
): Rule {
  return {
    name,
    category,
    ...match,
    retryable,
    strategy: DEFAULT_STRATEGY[category],
    source: 'built-in'
  }
}

/** The built-in rules, in the order they are tried. */
export const BUILTIN_RULES: readonly Rule[] = [
  builtin('attempt-timeout', 'timeout', { onTimeout: true }),
  builtin('python-module-not-found', 'dependency', {
    pattern:
      /ModuleNotFoundError: No module named|ImportError: No module named|ImportError: cannot import name .* from partially/
  }),
  builtin('node-module-not-found', 'dependency', {
    pattern:
      /Error: Cannot find module ['"][^'"./][^'"]*['"]|ERR_MODULE_NOT_FOUND|Cannot find package ['"]/
  }),
  builtin('go-module-missing', 'dependency', {
    pattern:
      /no required module provides package|cannot find package ".*" in any of|missing go\.sum entry/
  }),
  builtin('java-class-missing', 'dependency', {
    pattern:
      /java\.lang\.(ClassNotFoundException|NoClassDefFoundError)|Could not resolve dependencies for project|Could not find artifact/
  }),
  builtin('yaml-syntax', 'configuration', {
    pattern:
      /YAMLException|yaml\.(scanner|parser|constructor|composer)\.\w*Error|mapping values are not allowed here|could not find expected ':'/
  }),
  builtin('json-syntax', 'configuration', {
    pattern:
      /JSONDecodeError|Unexpected token .* in JSON|is not valid JSON|Unexpected end of JSON input|Expected .* in JSON at position/
  }),
  builtin('missing-file', 'configuration', {
    pattern: /FileNotFoundError|No such file or directory|ENOENT: no such file or directory/
  }),
  builtin('out-of-memory', 'resource', {
    pattern:
      /JavaScript heap out of memory|MemoryError|Out of memory|Cannot allocate memory|OOMKilled/
  }),
  builtin('oom-kill', 'resource', { exitCodes: [137] }),
  builtin('disk-full', 'resource', {
    pattern: /ENOSPC|No space left on device|Disk quota exceeded/
  }),
  builtin('rate-limited', 'network', { pattern: /\b429\b|Too Many Requests|rate limit exceeded/i }),
  builtin('connection-refused', 'health_check', { pattern: /ECONNREFUSED|Connection refused/i }),
  builtin('gateway-error', 'health_check', {
    pattern:
      /\b50[234]\b.{0,40}(Bad Gateway|Service Unavailable|Gateway Time-?out)|(Bad Gateway|Service Unavailable|Gateway Time-?out).{0,40}\b50[234]\b|HTTP(\/\d(\.\d)?)? 50[234]\b|status(Code)?[=: ]+50[234]\b/i
  }),
  builtin('health-check-failed', 'health_check', {
    pattern: /health ?check (failed|timed out)|service (is )?not (healthy|ready)|not healthy/i
  }),
  builtin('network-transient', 'network', {
    pattern:
      /ETIMEDOUT|EAI_AGAIN|ECONNRESET|EPIPE|ENETUNREACH|EHOSTUNREACH|socket hang up|Temporary failure in name resolution|Connection reset by peer|Connection timed out|EADDRINUSE|Address already in use|TLS handshake timeout/
  }),
  builtin('scenario-failed', 'injection', {
    pattern: /scenario failed|chaos injection failed|experiment (failed|deviated)/i
  }),
  builtin('test-failure', 'test', {
    pattern:
      /AssertionError|Tests?:\s+\d+ failed|\b\d+ failed(,| in )|^FAILED \S+::|^FAIL\s|--- FAIL:|Failures: \d+/
  })
]

/** The rule used when none matches. */
export const UNKNOWN_RULE: Rule = builtin('unknown', 'unknown', {})
