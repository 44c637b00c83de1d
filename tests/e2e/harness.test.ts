/** The harness itself, on a fixture action that uses raw file commands. */
import { describe, expect, it } from '@jest/globals'

import {
  parseAnnotations,
  parseFileCommands,
  runAction,
  runPost
} from '../helpers/action-runner.js'

const FIXTURE = 'tests/fixtures/actions/state-echo'

describe('the end-to-end harness', () => {
  it('fills in action.yml defaults, reads outputs, summary and annotations', async () => {
    const main = await runAction(FIXTURE, { eventName: 'pull_request' })
    expect(main.exitCode).toBe(0)
    expect(main.outputs).toEqual({ echoed: 'hello from pull_request' })
    expect(main.summary).toBe('main saw hello\n')
    expect(main.annotations).toEqual([
      {
        level: 'warning',
        message: '100% hello',
        properties: { file: 'a.txt', line: '3', title: 'x,y' }
      }
    ])
  })

  it('runs post with the state main saved, in the same workspace', async () => {
    const main = await runAction(FIXTURE, { inputs: { word: 'rollback' } })
    expect(main.state).toEqual({ saved: 'rollback' })
    const post = await runPost(FIXTURE, main)
    expect(post.exitCode).toBe(0)
    expect(post.workspace).toBe(main.workspace)
    expect(post.summary).toBe('post got rollback\n')
  })

  it('parses both file-command forms and escaped annotation data', () => {
    expect(parseFileCommands('a=1\nb<<D\nx\ny\nD\n')).toEqual({ a: '1', b: 'x\ny' })
    expect(parseAnnotations('::error::line one%0Aline two\n::notice title=t::n')).toEqual([
      { level: 'error', message: 'line one\nline two', properties: {} },
      { level: 'notice', message: 'n', properties: { title: 't' } }
    ])
  })
})
