// Asks npm's real proxy choice (NpmDifferentialTest): @npmcli/agent lib/proxy.js getProxy as lib/index.js getAgent
// calls it (proxy = https-proxy || proxy from npm's configuration, as npm-registry-fetch passes it; noProxy =
// noproxy), then as lib/agents.js #getProxy calls it again without noProxy, then getProxyAgent's scheme check.
// The module reads the environment when it is loaded, so it is loaded anew for each case.
// argv[2]: the @npmcli/agent directory. stdin: one JSON case a line {env, config: {proxy, httpsProxy, noProxy}, urls};
// stdout: one JSON array a line, per URL [route, proxy host or error name].
'use strict'
const path = require('path')
const readline = require('readline')
const agentDir = process.argv[2]
const rl = readline.createInterface({ input: process.stdin })
rl.on('line', (line) => {
  const c = JSON.parse(line)
  for (const k of Object.keys(process.env)) {
    delete process.env[k]
  }
  for (const k of Object.keys(c.env).sort()) {
    process.env[k] = c.env[k]
  }
  for (const k of Object.keys(require.cache)) {
    if (k.startsWith(agentDir)) {
      delete require.cache[k]
    }
  }
  const { getProxy, getProxyAgent } = require(path.join(agentDir, 'lib', 'proxy.js'))
  const out = c.urls.map((url) => {
    try {
      const p = getProxy(url, { proxy: c.config.httpsProxy || c.config.proxy, noProxy: c.config.noProxy })
      if (!p) {
        return ['direct', '']
      }
      const u = new URL(url)
      const port = u.port || (u.protocol === 'https:' ? '443' : '80')
      const again = getProxy(`${u.protocol}//${u.hostname}:${port}`, { proxy: p, noProxy: undefined })
      if (!again) {
        return ['direct', '']
      }
      getProxyAgent(again)
      return ['proxy', again.hostname]
    } catch (e) {
      return ['error', e.name]
    }
  })
  process.stdout.write(JSON.stringify(out) + '\n')
})
