import { describe, expect, it } from '@jest/globals'

import { bodyMismatch, jsonContains, parseBodyCondition } from '../../../../src/core/health/body.js'

const seedRule = parseBodyCondition(
  'body',
  '[{"healthy": true}, {"ready": true}, {"status": "healthy"}]'
)

describe('JSON body conditions', () => {
  it('expresses the seed rule: healthy, or ready, or status "healthy"', () => {
    expect(bodyMismatch(seedRule, '{"healthy": true, "version": "1"}')).toBeNull()
    expect(bodyMismatch(seedRule, '{"ready": true}')).toBeNull()
    expect(bodyMismatch(seedRule, '{"status": "healthy"}')).toBeNull()
    expect(bodyMismatch(seedRule, '{"status": "degraded", "healthy": false}')).toMatch(
      /does not match/
    )
  })

  it('matches nested objects as a subset and arrays element by element', () => {
    expect(
      jsonContains({ checks: { db: 'ok', cache: 'ok' }, v: 2 }, { checks: { db: 'ok' } })
    ).toBe(true)
    expect(jsonContains({ checks: { db: 'down' } }, { checks: { db: 'ok' } })).toBe(false)
    expect(jsonContains({ zones: ['a', 'b'] }, { zones: ['a', 'b'] })).toBe(true)
    expect(jsonContains({ zones: ['a'] }, { zones: ['a', 'b'] })).toBe(false)
  })

  it('does not treat a string "true" as the boolean true', () => {
    expect(jsonContains({ healthy: 'true' }, { healthy: true })).toBe(false)
  })

  it('reports a body that is not JSON', () => {
    expect(bodyMismatch(seedRule, '<html>OK</html>')).toMatch(/not JSON/)
  })

  it.each(['{"a":', '42', '[]', '[1]', '"ok"'])('rejects the condition %p with a fix', raw => {
    expect(() => parseBodyCondition('body', raw)).toThrow(/JSON/)
  })
})
