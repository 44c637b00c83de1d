import { describe, expect, it } from '@jest/globals'

import {
  failingAddress,
  formatAddress,
  missingModule,
  namedFile
} from '../../../../src/core/heal/failure-line.js'

describe('the address a connection-refused line names', () => {
  it.each([
    ['Error: connect ECONNREFUSED 127.0.0.1:5432', '127.0.0.1:5432'],
    ['connect ECONNREFUSED ::1:8080', '[::1]:8080'],
    ['curl: (7) Failed to connect to localhost port 8080: Connection refused', 'localhost:8080'],
    ['dial tcp 127.0.0.1:6379: connect: connection refused', '127.0.0.1:6379'],
    ['dial tcp [::1]:6379: connect: connection refused', '[::1]:6379'],
    [
      'psql: error: connection to server at "127.0.0.1", port 5432 failed: Connection refused',
      '127.0.0.1:5432'
    ],
    [
      "HTTPConnectionPool(host='localhost', port=8000): Max retries exceeded (Connection refused)",
      'localhost:8000'
    ]
  ])('reads %p as %s', (line, address) => {
    expect(formatAddress(failingAddress(line)!)).toBe(address)
  })

  it('reads nothing from a line without an address, or with a port out of range', () => {
    expect(failingAddress('Connection refused')).toBeUndefined()
    expect(failingAddress('connect ECONNREFUSED 127.0.0.1:99999')).toBeUndefined()
    expect(failingAddress(null)).toBeUndefined()
  })
})

describe('other facts from the failure line', () => {
  it('names the missing module', () => {
    expect(missingModule("ModuleNotFoundError: No module named 'numpy.linalg'")).toEqual({
      ecosystem: 'python',
      name: 'numpy.linalg'
    })
    expect(missingModule("Error: Cannot find module '@scope/pkg/sub'")).toEqual({
      ecosystem: 'node',
      name: '@scope/pkg'
    })
    expect(missingModule("Error: Cannot find module './local'")).toBeUndefined()
  })

  it('names the file a configuration error is about', () => {
    expect(
      namedFile("FileNotFoundError: [Errno 2] No such file or directory: 'config/app.yml'")
    ).toBe('config/app.yml')
    expect(namedFile('YAMLException: bad indentation in deploy.yaml (3:5)')).toBe('deploy.yaml')
    expect(namedFile('SyntaxError: Unexpected token } in JSON at position 9')).toBeUndefined()
  })
})
