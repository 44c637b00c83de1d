/**
 * An in-process fake of the two GitHub services the history action talks to, on 127.0.0.1:
 * - the Actions cache service v2 (twirp CreateCacheEntry / FinalizeCacheEntryUpload /
 *   GetCacheEntryDownloadURL, an Azure-style upload path and a download path), used by the real
 *   @actions/cache with ACTIONS_CACHE_SERVICE_V2=true (research/action_anchors.md §4);
 * - the REST caches API: list by key prefix (newest first) and delete by id.
 * Entries are immutable: creating an existing key+version answers 409, as the real service does.
 */
import http from 'node:http'
import type net from 'node:net'

export interface CacheEntry {
  id: number
  key: string
  version: string
  data?: Buffer
  committed: boolean
  createdAt: number
}

export interface FakeGitHub {
  url: string
  entries: CacheEntry[]
  /** Answer every cache-service call with this status (e.g. 403) instead of serving it. */
  failWith: number | undefined
  /** Wait this long before answering every request (a slow cache service). */
  delayMs: number
  /** Environment variables that point @actions/cache and Octokit at this fake. */
  env(runnerTemp: string): Record<string, string>
  close(): Promise<void>
}

const TWIRP = '/twirp/github.actions.results.api.v1.CacheService/'

function json(res: http.ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' })
  res.end(JSON.stringify(body))
}

async function bodyOf(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

export async function startFakeGitHub(): Promise<FakeGitHub> {
  const entries: CacheEntry[] = []
  let nextId = 1
  let clock = 0
  const state = { failWith: undefined as number | undefined, delayMs: 0 }
  const sockets = new Set<net.Socket>()
  let base = ''
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', base)
      const body = await bodyOf(req)
      if (state.delayMs) await new Promise(resolve => setTimeout(resolve, state.delayMs))
      if (url.pathname.startsWith(TWIRP)) {
        if (state.failWith)
          return json(res, state.failWith, { msg: `fake: answering ${state.failWith}` })
        const input = JSON.parse(body.toString() || '{}') as {
          key: string
          version: string
          restore_keys?: string[]
          size_bytes?: number
        }
        const method = url.pathname.slice(TWIRP.length)
        if (method === 'CreateCacheEntry') {
          if (entries.some(e => e.key === input.key && e.version === input.version))
            return json(res, 409, {
              msg: 'cache entry with the same key, version, and scope already exists'
            })
          const entry: CacheEntry = {
            id: nextId++,
            key: input.key,
            version: input.version,
            committed: false,
            createdAt: ++clock
          }
          entries.push(entry)
          return json(res, 200, {
            ok: true,
            signed_upload_url: `${base}/devstoreaccount1/cache/${entry.id}?sig=fake`
          })
        }
        if (method === 'FinalizeCacheEntryUpload') {
          const entry = entries.find(
            e => e.key === input.key && e.version === input.version && !e.committed
          )
          if (!entry?.data) return json(res, 200, { ok: false, message: 'no upload' })
          entry.committed = true
          return json(res, 200, { ok: true, entry_id: String(entry.id) })
        }
        if (method === 'GetCacheEntryDownloadURL') {
          const committed = entries
            .filter(e => e.committed && e.version === input.version)
            .sort((a, b) => b.createdAt - a.createdAt)
          const keys = [input.key, ...(input.restore_keys ?? [])]
          let match = committed.find(e => e.key === input.key)
          for (const key of keys)
            match ??=
              committed.find(e => e.key === key) ?? committed.find(e => e.key.startsWith(key))
          if (!match) return json(res, 200, { ok: false, signed_download_url: '', matched_key: '' })
          return json(res, 200, {
            ok: true,
            signed_download_url: `${base}/download/${match.id}`,
            matched_key: match.key
          })
        }
        return json(res, 404, { msg: 'unknown method' })
      }
      const upload = /^\/devstoreaccount1\/cache\/(\d+)$/.exec(url.pathname)
      if (upload && req.method === 'PUT') {
        const entry = entries.find(e => e.id === Number(upload[1]))
        if (!entry) return json(res, 404, {})
        entry.data = Buffer.concat([entry.data ?? Buffer.alloc(0), body])
        res.writeHead(201, { etag: '"fake"', 'last-modified': new Date().toUTCString() })
        return res.end()
      }
      const download = /^\/download\/(\d+)$/.exec(url.pathname)
      if (download) {
        const entry = entries.find(e => e.id === Number(download[1]))
        res.writeHead(entry?.data ? 200 : 404, {
          'content-type': 'application/octet-stream',
          'content-length': entry?.data?.length ?? 0
        })
        return res.end(entry?.data)
      }
      const list = /^\/repos\/[^/]+\/[^/]+\/actions\/caches$/.exec(url.pathname)
      if (list && req.method === 'GET') {
        const prefix = url.searchParams.get('key') ?? ''
        const found = entries
          .filter(e => e.committed && e.key.startsWith(prefix))
          .sort((a, b) => b.createdAt - a.createdAt)
        return json(res, 200, {
          total_count: found.length,
          actions_caches: found.map(e => ({
            id: e.id,
            key: e.key,
            version: e.version,
            ref: 'refs/heads/main',
            created_at: new Date(1_700_000_000_000 + e.createdAt * 1000).toISOString(),
            size_in_bytes: e.data?.length ?? 0
          }))
        })
      }
      const remove = /^\/repos\/[^/]+\/[^/]+\/actions\/caches\/(\d+)$/.exec(url.pathname)
      if (remove && req.method === 'DELETE') {
        const index = entries.findIndex(e => e.id === Number(remove[1]))
        if (index >= 0) entries.splice(index, 1)
        res.writeHead(index >= 0 ? 204 : 404)
        return res.end()
      }
      json(res, 404, { message: 'Not Found' })
    })()
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`
  return {
    url: base,
    entries,
    get failWith() {
      return state.failWith
    },
    set failWith(status: number | undefined) {
      state.failWith = status
    },
    get delayMs() {
      return state.delayMs
    },
    set delayMs(ms: number) {
      state.delayMs = ms
    },
    env: runnerTemp => ({
      ACTIONS_CACHE_SERVICE_V2: 'true',
      ACTIONS_RESULTS_URL: `${base}/`,
      ACTIONS_RUNTIME_TOKEN: 'fake-runtime-token',
      RUNNER_TEMP: runnerTemp,
      GITHUB_API_URL: base,
      // a local fake: Octokit need not space its writes (src/github/octokit.ts)
      CHAOS_CI_FAKE_GITHUB_API: '1',
      // a non-github.com server URL would make @actions/cache assume GHES and fall back to v1
      GITHUB_SERVER_URL: 'https://github.com'
    }),
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
