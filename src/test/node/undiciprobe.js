// Asks undici's real proxy choice as Node's fetch makes it (UndiciDifferentialTest). Run as
// `node --expose-internals undiciprobe.js`: the undici copy this Node release bundles (internal/deps/undici/undici),
// which Node's setupHttpProxy (lib/internal/process/pre_execution.js) installs as the global dispatcher under
// NODE_USE_ENV_PROXY=1 with `new EnvHttpProxyAgent()` and nothing else. That constructor reads the proxy variables and
// #noProxyEnv reads NO_PROXY at each dispatch, so the case's environment is process.env throughout.
// The selection itself is undici's (lib/dispatcher/env-http-proxy-agent.js [kDispatch] -> #getProxyAgentForUrl ->
// #shouldProxy): the probe only replaces the dispatch of the inner agents (the object's own symbol properties) by a
// spy, so nothing is sent, and reports which one was called and, for a ProxyAgent, the proxy it holds (kProxy.uri).
// stdin: one JSON case a line {env, urls}; stdout: one JSON array a line, per URL [route, proxy host or error name].
'use strict'
const readline = require('readline')
const { EnvHttpProxyAgent } = require('internal/deps/undici/undici')

process.removeAllListeners('warning') // undici 6 warns once that EnvHttpProxyAgent is experimental
process.on('warning', () => {})

function innerAgents (agent) {
  const out = new Map()
  for (const s of Object.getOwnPropertySymbols(agent)) {
    const v = agent[s]
    if (v && typeof v.dispatch === 'function') {
      out.set(s.description, v)
    }
  }
  return out
}

function proxyOf (inner) {
  for (const s of Object.getOwnPropertySymbols(inner)) {
    const v = inner[s]
    if (v && typeof v === 'object' && typeof v.uri === 'string') {
      return new URL(v.uri).hostname
    }
  }
  return '?'
}

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', (line) => {
  const c = JSON.parse(line)
  for (const k of Object.keys(process.env)) {
    delete process.env[k]
  }
  for (const k of Object.keys(c.env)) {
    process.env[k] = c.env[k]
  }
  let agent
  try {
    agent = new EnvHttpProxyAgent()
  } catch (e) {
    process.stdout.write(JSON.stringify(c.urls.map(() => ['error', e.name])) + '\n')
    return
  }
  const inner = innerAgents(agent)
  const direct = inner.get('no proxy agent')
  let picked = null
  for (const a of new Set(inner.values())) {
    a.dispatch = () => { picked = a; return true }
  }
  const out = c.urls.map((url) => {
    picked = null
    let failure = null
    const handler = { onConnect () {}, onHeaders () {}, onData () {}, onComplete () {}, onError (e) { failure = e } }
    try {
      agent.dispatch({ origin: new URL(url).origin, path: '/r', method: 'GET' }, handler)
    } catch (e) {
      failure = e
    }
    if (failure || !picked) {
      return ['error', failure ? failure.name : 'none']
    }
    return picked === direct ? ['direct', ''] : ['proxy', proxyOf(picked)]
  })
  process.stdout.write(JSON.stringify(out) + '\n')
})
