// Hostile mode for the test platform: per test, tell any route to misbehave the way a
// broken or malicious server (identity provider or platform API) would, while the real
// oidc-provider still does the real work behind it. See README.md, "Hostile mode".
//
//   POST /__test/hostile {"rules":[{"path":"/oauth/token","action":"redirect"}, ...]}
//   POST /__test/hostile {"rules":[]}                      clears every rule
//   GET  /__test/hostile                                   the rules, and what the trap saw
//
// A "redirect" points at the trap: a second listener on 127.0.0.2 (another host, still on
// this machine) that records every request it gets and answers with an attacker's tokens.
// A client that follows no redirect leaves the trap empty.
//
// With --secrets-file, every token, code and PKCE verifier that passes through the server
// is appended to that file (one per line), so a test can check that none of them ever
// reaches astro's output or logs.

import * as fs from 'node:fs';
import * as http from 'node:http';

const ACTIONS = ['redirect', 'endless', 'trickle', 'content-type', 'error-200', 'garbage', 'patch', 'strip-iss', 'delay'];

export async function createHostile({ secretsFile, trapHost = '127.0.0.2' }) {
  let rules = [];
  const trapRequests = [];

  const note = (value) => {
    if (secretsFile && typeof value === 'string' && value.length >= 8) fs.appendFileSync(secretsFile, `${value}\n`);
  };
  const noteBody = (body) => {
    if (body && typeof body === 'object' && !Buffer.isBuffer(body) && typeof body.pipe !== 'function') {
      for (const key of ['access_token', 'refresh_token', 'id_token', 'device_code']) note(body[key]);
    }
  };

  // The trap: another host that a redirect would carry secrets to.
  const trap = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      if (body.length < 65536) body += d;
    });
    req.on('end', () => {
      trapRequests.push({ method: req.method, path: req.url.split('?')[0], authorization: Boolean(req.headers.authorization), bodyBytes: body.length });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        access_token: 'trap-access-token-of-the-attacker',
        refresh_token: 'trap-refresh-token-of-the-attacker',
        token_type: 'Bearer',
        expires_in: 3600,
        sub: 'attacker',
        email: 'attacker@evil.test',
        clientId: 'astro-cli',
        domainUrl: `http://${trapHost}:${trap.address().port}/`,
        organizations: [{ id: 'evil', name: 'Evil', product: 'HOSTED' }],
      }));
    });
  });
  await new Promise((resolve, reject) => {
    trap.once('error', reject);
    trap.listen(0, trapHost, resolve);
  });
  const trapOrigin = () => `http://${trapHost}:${trap.address().port}`;

  function ruleFor(path) {
    const rule = rules.find((r) => r.path === path || r.path === '*');
    if (!rule) return undefined;
    if (rule.times !== undefined) {
      rule.times -= 1;
      if (rule.times <= 0) rules = rules.filter((r) => r !== rule);
    }
    return rule;
  }

  function endless(ctx, trickle) {
    ctx.status = 200;
    ctx.type = 'application/json';
    ctx.respond = false;
    const res = ctx.res;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"access_token":"');
    const chunk = 'a'.repeat(64 * 1024);
    let timer;
    const stop = () => clearInterval(timer);
    res.on('close', stop);
    ctx.req.on('close', stop);
    if (trickle) {
      timer = setInterval(() => res.write('a'), 500);
    } else {
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    }
  }

  async function middleware(ctx, next) {
    if (ctx.path.startsWith('/__test/')) return next();
    const rule = ruleFor(ctx.path);
    const action = rule?.action;
    if (action === 'redirect') {
      ctx.status = rule.status || 307;
      ctx.set('Location', `${trapOrigin()}${ctx.path}`);
      ctx.body = '';
      return undefined;
    }
    if (action === 'endless' || action === 'trickle') return endless(ctx, action === 'trickle');
    if (action === 'error-200') {
      ctx.status = 200;
      ctx.type = 'application/json';
      ctx.body = { error: rule.error || 'server_error', error_description: rule.description || 'hostile: an error with status 200' };
      return undefined;
    }
    await next();
    // The server has done the work (a refresh token rotated, say); its answer is late.
    if (action === 'delay') await new Promise((resolve) => { setTimeout(resolve, rule.ms || 1000); });
    noteBody(ctx.body);
    const location = ctx.response.get('Location');
    if (location) {
      try {
        const code = new URL(location, 'http://x/').searchParams.get('code');
        note(code);
      } catch {
        // not a URL
      }
    }
    if (action === 'content-type') {
      const text = typeof ctx.body === 'object' ? JSON.stringify(ctx.body) : String(ctx.body);
      ctx.body = text;
      ctx.type = rule.type || 'text/plain';
    } else if (action === 'garbage') {
      const text = typeof ctx.body === 'object' ? JSON.stringify(ctx.body) : String(ctx.body);
      ctx.body = `${text}${rule.garbage ?? ' <html>garbage after the JSON</html>'}`;
      ctx.type = 'application/json';
    } else if (action === 'patch') {
      const body = { ...(typeof ctx.body === 'object' ? ctx.body : {}) };
      for (const [k, v] of Object.entries(rule.patch || {})) {
        if (v === null) delete body[k];
        else body[k] = v;
      }
      ctx.body = body;
    } else if (action === 'strip-iss' && location && /[?&]iss=/.test(location)) {
      const u = new URL(location);
      u.searchParams.delete('iss');
      ctx.set('Location', u.toString());
    }
    return undefined;
  }

  // POST/GET /__test/hostile
  async function route(ctx, readJson, json) {
    if (ctx.method === 'POST') {
      const body = await readJson(ctx);
      if (!Array.isArray(body.rules)) ctx.throw(400, 'rules must be an array');
      for (const r of body.rules) {
        if (typeof r.path !== 'string' || !ACTIONS.includes(r.action)) ctx.throw(400, `a rule needs a path and one of: ${ACTIONS.join(', ')}`);
      }
      rules = body.rules.map((r) => ({ ...r }));
      trapRequests.length = 0;
    } else if (ctx.method !== 'GET') {
      ctx.throw(405);
    }
    return json(ctx, 200, { rules, trap: trapOrigin(), trapRequests });
  }

  return {
    middleware,
    route,
    // What a client sent to the token endpoint (codes, verifiers, refresh tokens).
    noteRequest(params) {
      for (const key of ['code', 'code_verifier', 'refresh_token', 'device_code']) note(params.get(key));
    },
    close() {
      trap.close();
      trap.closeAllConnections?.();
    },
  };
}
