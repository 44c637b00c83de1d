/**
 * A local fake of the GitHub REST and GraphQL endpoints the report and comment actions use: issues,
 * issue comments, labels and pull requests (listed with GitHub's `head=owner:branch` and `state`
 * filters) in memory, on 127.0.0.1, reached through GITHUB_API_URL. Like GitHub, it
 * refuses bodies over 65,536 characters (422), paginates with Link headers, and can be told to answer
 * with errors (5xx, rate limits, a read-only token's 403) to test the retries.
 */
import http from 'node:http'
import type net from 'node:net'

export interface FakeUser {
  login: string
}

export interface FakeIssue {
  number: number
  title: string
  body: string
  labels: string[]
  state: 'open' | 'closed'
  user: FakeUser
  pull_request?: object
}

export interface FakePull {
  number: number
  state: 'open' | 'closed'
  head: { ref: string; sha: string; repo: { full_name: string } | null }
}

export interface FakeComment {
  id: number
  node_id: string
  issue_number: number
  body: string
  user: FakeUser
  minimized: boolean
}

export interface Forced {
  status: number
  headers?: Record<string, string>
  message?: string
  /** Only for requests whose method and path match. */
  match?: RegExp
}

export interface FakeGitHubApi {
  url: string
  issues: FakeIssue[]
  comments: FakeComment[]
  labels: string[]
  pulls: FakePull[]
  /** Every request, as `METHOD /path`. */
  requests: string[]
  /** Answers given instead of serving, first matching one first, each used once. */
  forced: Forced[]
  /**
   * Requests matching this are served (listed in `requests`, their writes done) but never answered,
   * as when a runner is cancelled while the response is on its way.
   */
  hold: RegExp | null
  /** Writes answer 403 "Resource not accessible by integration" (a fork's read-only token). */
  readOnly: boolean
  /** The login of the token's account (what GraphQL's viewer returns, without [bot]). */
  viewer: string
  close(): Promise<void>
}

const LIMIT = 65_536

async function bodyOf(
  req: http.IncomingMessage
): Promise<
  Record<string, string | undefined> & { labels?: string[]; variables?: { id?: string } }
> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const text = Buffer.concat(chunks).toString()
  return text ? (JSON.parse(text) as Awaited<ReturnType<typeof bodyOf>>) : {}
}

export async function startFakeGitHubApi(): Promise<FakeGitHubApi> {
  const state: Omit<FakeGitHubApi, 'url' | 'close'> = {
    issues: [],
    comments: [],
    labels: [],
    pulls: [],
    requests: [],
    forced: [],
    hold: null,
    readOnly: false,
    viewer: 'github-actions'
  }
  let nextComment = 1000
  const sockets = new Set<net.Socket>()
  let base = ''

  const send = (
    res: http.ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {}
  ): void => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(body))
  }
  const issueJson = (issue: FakeIssue) => ({
    ...issue,
    id: issue.number,
    html_url: `${base}/html/issues/${issue.number}`,
    labels: issue.labels.map(name => ({ name })),
    user: { login: `${issue.user.login}` }
  })
  const commentJson = (comment: FakeComment) => ({
    ...comment,
    html_url: `${base}/html/issues/${comment.issue_number}#issuecomment-${comment.id}`
  })
  const page = <T>(res: http.ServerResponse, url: URL, items: T[], map: (item: T) => unknown) => {
    const perPage = Number(url.searchParams.get('per_page') ?? 30)
    const pageNo = Number(url.searchParams.get('page') ?? 1)
    const slice = items.slice((pageNo - 1) * perPage, pageNo * perPage)
    const headers: Record<string, string> = {}
    if (pageNo * perPage < items.length) {
      const next = new URL(url)
      next.searchParams.set('page', String(pageNo + 1))
      headers.link = `<${next.href}>; rel="next"`
    }
    send(res, 200, slice.map(map), headers)
  }

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base)
      const route = `${req.method} ${url.pathname}`
      state.requests.push(route)
      if (state.hold?.test(route)) {
        res.writeHead = () => res
        res.end = (() => res) as typeof res.end
      }
      const forced = state.forced.findIndex(f => !f.match || f.match.test(route))
      if (forced >= 0) {
        const f = state.forced.splice(forced, 1)[0]!
        send(res, f.status, { message: f.message ?? `forced ${f.status}` }, f.headers)
        return
      }
      const body = await bodyOf(req)
      if (url.pathname === '/graphql') {
        const query = body.query ?? ''
        if (query.includes('viewer'))
          return send(res, 200, { data: { viewer: { login: state.viewer } } })
        if (query.includes('minimizeComment')) {
          const id = body.variables?.id ?? ''
          const comment = state.comments.find(c => c.node_id === id)
          if (comment) comment.minimized = true
          return send(res, 200, {
            data: { minimizeComment: { minimizedComment: { isMinimized: !!comment } } }
          })
        }
        return send(res, 400, { message: 'unknown query' })
      }
      const write = req.method !== 'GET'
      if (write && state.readOnly)
        return send(res, 403, { message: 'Resource not accessible by integration' })
      if (typeof body.body === 'string' && body.body.length > LIMIT)
        return send(res, 422, {
          message: 'Validation Failed: body is too long (maximum is 65536 characters)'
        })
      const me = { login: `${state.viewer}[bot]` }
      let m: RegExpExecArray | null
      if ((m = /^GET \/repos\/[^/]+\/[^/]+\/labels\/(.+)$/.exec(route))) {
        const name = decodeURIComponent(m[1]!)
        return state.labels.includes(name)
          ? send(res, 200, { name })
          : send(res, 404, { message: 'Not Found' })
      }
      if (/^POST \/repos\/[^/]+\/[^/]+\/labels$/.test(route)) {
        state.labels.push(String(body.name))
        return send(res, 201, { name: body.name })
      }
      if (/^GET \/repos\/[^/]+\/[^/]+\/issues$/.test(route)) {
        const label = url.searchParams.get('labels')
        const wanted = url.searchParams.get('state') ?? 'open'
        const list = state.issues
          .filter(
            i => (!label || i.labels.includes(label)) && (wanted === 'all' || i.state === wanted)
          )
          .sort((a, b) => b.number - a.number)
        return page(res, url, list, issueJson)
      }
      if (/^POST \/repos\/[^/]+\/[^/]+\/issues$/.test(route)) {
        const issue: FakeIssue = {
          number: state.issues.length + 1,
          title: String(body.title),
          body: body.body ?? '',
          labels: body.labels ?? [],
          state: 'open',
          user: me
        }
        state.issues.push(issue)
        return send(res, 201, issueJson(issue))
      }
      if ((m = /^PATCH \/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(route))) {
        const issue = state.issues.find(i => i.number === Number(m![1]))
        if (!issue) return send(res, 404, { message: 'Not Found' })
        if (typeof body.body === 'string') issue.body = body.body
        if (typeof body.title === 'string') issue.title = body.title
        return send(res, 200, issueJson(issue))
      }
      if (/^GET \/repos\/[^/]+\/[^/]+\/pulls$/.test(route)) {
        const head = url.searchParams.get('head')?.toLowerCase()
        const wanted = url.searchParams.get('state') ?? 'open'
        const list = state.pulls.filter(
          p =>
            (wanted === 'all' || p.state === wanted) &&
            (!head ||
              `${p.head.repo?.full_name.split('/')[0]}:${p.head.ref}`.toLowerCase() === head)
        )
        return page(res, url, list, p => ({ ...p, url: `${base}/pulls/${p.number}` }))
      }
      if ((m = /^GET \/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(route))) {
        const n = Number(m[1])
        return page(
          res,
          url,
          state.comments.filter(c => c.issue_number === n),
          commentJson
        )
      }
      if ((m = /^POST \/repos\/[^/]+\/[^/]+\/issues\/(\d+)\/comments$/.exec(route))) {
        const comment: FakeComment = {
          id: nextComment++,
          node_id: `IC_${nextComment}`,
          issue_number: Number(m[1]),
          body: String(body.body),
          user: me,
          minimized: false
        }
        state.comments.push(comment)
        return send(res, 201, commentJson(comment))
      }
      if ((m = /^PATCH \/repos\/[^/]+\/[^/]+\/issues\/comments\/(\d+)$/.exec(route))) {
        const comment = state.comments.find(c => c.id === Number(m![1]))
        if (!comment) return send(res, 404, { message: 'Not Found' })
        comment.body = String(body.body)
        return send(res, 200, commentJson(comment))
      }
      return send(res, 404, { message: `no fake for ${route}` })
    })().catch(error => send(res, 500, { message: String(error) }))
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
  const api = state as FakeGitHubApi
  api.url = base
  api.close = () =>
    new Promise(resolve => {
      for (const socket of sockets) socket.destroy()
      server.close(() => resolve())
    })
  return api
}

/**
 * Starts the fake before the tests of a file and points GITHUB_API_URL at it, with
 * CHAOS_CI_FAKE_GITHUB_API=1 so Octokit does not space its writes (both restored after); returns a
 * getter for it.
 */
export function useFakeGitHubApi(hooks: {
  beforeAll: (fn: () => Promise<void>) => void
  afterAll: (fn: () => Promise<void>) => void
}): () => FakeGitHubApi {
  let api: FakeGitHubApi | undefined
  const previous: Record<string, string | undefined> = {}
  hooks.beforeAll(async () => {
    api = await startFakeGitHubApi()
    for (const name of ['GITHUB_API_URL', 'CHAOS_CI_FAKE_GITHUB_API'])
      previous[name] = process.env[name]
    process.env.GITHUB_API_URL = api.url
    process.env.CHAOS_CI_FAKE_GITHUB_API = '1'
  })
  hooks.afterAll(async () => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await api?.close()
  })
  return () => api!
}
