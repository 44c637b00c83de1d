/**
 * Whether an address is this machine's loopback: chaos-ci sends load and faults only there unless
 * told otherwise (`allow-remote-target`), so a typo or a hostile scenario cannot aim them elsewhere.
 */
import net from 'node:net'

import { UserError } from '../errors.js'

/** 127.0.0.0/8, ::1 (bracketed or not), `localhost` and `*.localhost` (RFC 6761). */
export function isLoopbackHost(host: string): boolean {
  const name = host.replace(/^\[|\]$/g, '').toLowerCase()
  if (name === 'localhost' || name.endsWith('.localhost')) return true
  if (net.isIPv4(name)) return name.startsWith('127.')
  if (net.isIPv6(name)) {
    if (name === '::1' || /^(0{0,4}:){7}0{0,3}1$/.test(name)) return true
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(name)
    return mapped ? mapped[1]!.startsWith('127.') : false
  }
  return false
}

/** Refuses a non-loopback address unless allowed (see net/loopback.ts). */
export function refuseRemote(what: string, host: string, allowed: boolean | undefined): void {
  if (!allowed && !isLoopbackHost(host))
    throw new UserError(
      `${what} ${host} is not on this machine: chaos-ci sends load and faults to loopback addresses only.`,
      'Use a target on the runner (127.0.0.1), or set allow-remote-target: true if you mean to.'
    )
}
