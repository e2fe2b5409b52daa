#!/usr/bin/env node
// Local Houston for astro-auth's Astro Private Cloud (APC, formerly Astronomer Software) tests:
// the Houston GraphQL API (POST /v1) that astro-cli logs in to, served by graphql-js from a
// schema (not by matching strings), and the OAuth token page (/token). Loopback only.
// See README.md ("Local Houston") for flags, users, errors and the /__test endpoints.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { buildSchema, graphql, GraphQLError } from 'graphql';

// ---------------------------------------------------------------- options ---

function parseArgs(argv) {
  const opts = {
    port: 0,
    host: '127.0.0.1',
    portFile: undefined,
    logFile: undefined,
    houstonVersion: '0.35.0',
    localEnabled: true,
    publicSignup: false,
    initialSignup: false,
    providers: ['google', 'github'],
    tokenTtl: 86400,
    tokenUser: 'oauth@houston.test',
  };
  const flags = {
    '--port': ['port', 'int'],
    '--host': ['host', 'str'],
    '--port-file': ['portFile', 'str'],
    '--log-file': ['logFile', 'str'],
    '--houston-version': ['houstonVersion', 'str'],
    '--local-enabled': ['localEnabled', 'bool'],
    '--public-signup': ['publicSignup', 'bool'],
    '--initial-signup': ['initialSignup', 'bool'],
    '--providers': ['providers', 'list'],
    '--token-ttl': ['tokenTtl', 'int'],
    '--token-user': ['tokenUser', 'str'],
  };
  for (let i = 0; i < argv.length; i++) {
    const spec = flags[argv[i]];
    const value = argv[i + 1];
    if (!spec || value === undefined) {
      console.error(`houston.js: unknown flag or missing value: ${argv[i]}`);
      process.exit(2);
    }
    const [key, type] = spec;
    if (type === 'int') {
      opts[key] = Number.parseInt(value, 10);
      if (!Number.isInteger(opts[key])) {
        console.error(`houston.js: ${argv[i]} needs a whole number`);
        process.exit(2);
      }
    } else if (type === 'bool') {
      if (value !== 'yes' && value !== 'no') {
        console.error(`houston.js: ${argv[i]} needs yes or no`);
        process.exit(2);
      }
      opts[key] = value === 'yes';
    } else if (type === 'list') {
      opts[key] = value === 'none' ? [] : value.split(',').filter(Boolean);
    } else {
      opts[key] = value;
    }
    i++;
  }
  if (!/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(opts.host)) {
    console.error('houston.js: --host must be a 127.x.x.x address');
    process.exit(2);
  }
  return opts;
}

const opts = parseArgs(process.argv.slice(2));

// ------------------------------------------------------------ test users ---

// password: null means OAuth only (no local password). expired: every token issued to the user
// has already expired.
const USERS = [
  { id: 'u-local', username: 'local@houston.test', fullName: 'Local Only', password: 'local-password', oauth: false, workspaces: ['ws-one'] },
  { id: 'u-oauth', username: 'oauth@houston.test', fullName: 'OAuth Only', password: null, oauth: true, workspaces: ['ws-a', 'ws-b'] },
  { id: 'u-both', username: 'both@houston.test', fullName: 'Local And OAuth', password: 'both-password', oauth: true, workspaces: ['ws-a', 'ws-b', 'ws-c'] },
  { id: 'u-zero', username: 'zero@houston.test', fullName: 'No Workspace', password: 'zero-password', oauth: true, workspaces: [] },
  { id: 'u-expired', username: 'expired@houston.test', fullName: 'Expired Token', password: 'expired-password', oauth: true, workspaces: ['ws-one'], expired: true },
];
const WORKSPACES = {
  'ws-one': { id: 'ckwsone000000000000000001', label: 'Workspace One', description: 'the only one' },
  'ws-a': { id: 'ckwsa00000000000000000001', label: 'Workspace A', description: 'first' },
  'ws-b': { id: 'ckwsb00000000000000000001', label: 'Workspace B', description: 'second' },
  'ws-c': { id: 'ckwsc00000000000000000001', label: 'Workspace C', description: 'third' },
};
const CREATED = '2024-01-02T03:04:05.000Z';
const userByIdentity = (identity) =>
  USERS.find((u) => u.username === String(identity ?? '').toLowerCase() || u.id === identity);

// ------------------------------------------------------------------- JWT ---

// HS256 with a fresh random secret on every start: tokens are real JWTs that only this
// process accepts.
const secret = crypto.randomBytes(32);
const b64 = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
const sign = (data) => crypto.createHmac('sha256', secret).update(data).digest('base64url');

function issueToken(user, ttl) {
  const now = Math.floor(Date.now() / 1000);
  const lifetime = user.expired ? -3600 : ttl;
  const payload = { uuid: user.id, sub: user.id, email: user.username, roles: ['SYSTEM_VIEWER'], iat: now, exp: now + lifetime };
  const data = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return { value: `${data}.${sign(data)}`, payload };
}

// 'ok' with the user, or why not: 'none' (no or unknown token), 'expired'.
function verifyToken(token) {
  const parts = String(token ?? '').split('.');
  if (parts.length !== 3) return { status: 'none' };
  const expected = Buffer.from(sign(`${parts[0]}.${parts[1]}`));
  const given = Buffer.from(parts[2]);
  if (expected.length !== given.length || !crypto.timingSafeEqual(expected, given)) return { status: 'none' };
  let payload;
  try {
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    return { status: 'none' };
  }
  const user = USERS.find((u) => u.id === payload.uuid);
  if (!user) return { status: 'none' };
  if (!(payload.exp > Date.now() / 1000)) return { status: 'expired', user, payload };
  return { status: 'ok', user, payload };
}

// ---------------------------------------------------------------- schema ---

// The fields astro-cli's login uses (houston/auth.go, app.go, workspace.go), as Houston
// declares them. paginatedWorkspaces exists from Houston 0.30 on.
const sdl = (paginated) => `
  scalar Uuid
  scalar DateTime
  type AuthProvider { name: String! displayName: String url: String! }
  type AuthConfig {
    localEnabled: Boolean
    publicSignup: Boolean
    initialSignup: Boolean
    providers: [AuthProvider!]!
  }
  type Email { address: String verified: Boolean primary: Boolean }
  type User {
    id: Uuid!
    fullName: String
    username: String
    status: String
    emails: [Email]
    createdAt: DateTime
    updatedAt: DateTime
  }
  type TokenPayload { uuid: Uuid iat: Int exp: Int }
  type Token { value: String! payload: TokenPayload }
  type AuthUser { user: User token: Token }
  type ServiceAccount { id: Uuid label: String }
  type RoleBinding { role: String user: User serviceAccount: ServiceAccount }
  type Workspace {
    id: Uuid!
    label: String
    description: String
    createdAt: DateTime
    updatedAt: DateTime
    roleBindings: [RoleBinding]
  }
  type AppConfig { version: String baseDomain: String smtpConfigured: Boolean manualReleaseNames: Boolean }
  type Query {
    authConfig(redirect: String): AuthConfig
    appConfig: AppConfig
    self: AuthUser
    workspaces: [Workspace]
    workspace(workspaceUuid: Uuid!): Workspace
    ${paginated ? 'paginatedWorkspaces(take: Int, pageNumber: Int): [Workspace]' : ''}
  }
  type Mutation {
    createToken(identity: String, password: String!, duration: Int): AuthUser
  }
`;
const schemas = { new: buildSchema(sdl(true)), old: buildSchema(sdl(false)) };

function versionAtLeast(version, min) {
  const a = String(version).replace(/^v/, '').split(/[.-]/).map((n) => Number.parseInt(n, 10) || 0);
  const b = min.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    if ((a[i] ?? 0) !== b[i]) return (a[i] ?? 0) > b[i];
  }
  return true;
}

// Houston's error shapes: extensions.code as Apollo Server sets it.
const permissionError = () =>
  new GraphQLError('You do not have the appropriate permissions for that', { extensions: { code: 'FORBIDDEN' } });
const refreshFailedError = () =>
  new GraphQLError('AUTH_TOKEN_REFRESH_FAILED', { extensions: { code: 'UNAUTHENTICATED' } });

function viewer(ctx) {
  const v = verifyToken(ctx.token);
  if (v.status === 'expired') throw refreshFailedError();
  if (v.status !== 'ok') throw permissionError();
  return v.user;
}

const userView = (u) => ({
  id: u.id,
  fullName: u.fullName,
  username: u.username,
  status: 'active',
  emails: [{ address: u.username, verified: true, primary: true }],
  createdAt: CREATED,
  updatedAt: CREATED,
});
const workspaceView = (key, u) => ({
  ...WORKSPACES[key],
  createdAt: CREATED,
  updatedAt: CREATED,
  roleBindings: [{ role: 'WORKSPACE_ADMIN', user: userView(u), serviceAccount: null }],
});

const root = {
  authConfig: ({ redirect }, ctx) => ({
    localEnabled: config.localEnabled,
    publicSignup: config.publicSignup,
    initialSignup: config.initialSignup,
    providers: config.providers.map((name) => ({
      name,
      displayName: name.charAt(0).toUpperCase() + name.slice(1),
      url: `${ctx.base}/v1/oauth/start?provider=${encodeURIComponent(name)}` +
        (redirect ? `&redirect=${encodeURIComponent(redirect)}` : ''),
    })),
  }),
  appConfig: (_args, ctx) => ({
    version: config.houstonVersion,
    baseDomain: ctx.host,
    smtpConfigured: false,
    manualReleaseNames: false,
  }),
  self: (_args, ctx) => {
    const u = viewer(ctx);
    return { user: userView(u), token: { value: ctx.token, payload: verifyToken(ctx.token).payload } };
  },
  workspaces: (_args, ctx) => {
    const u = viewer(ctx);
    return u.workspaces.map((w) => workspaceView(w, u));
  },
  paginatedWorkspaces: ({ take, pageNumber }, ctx) => {
    const u = viewer(ctx);
    const all = u.workspaces.map((w) => workspaceView(w, u));
    if (!(take > 0)) return all;
    const start = Math.max(0, pageNumber ?? 0) * take;
    return all.slice(start, start + take);
  },
  workspace: ({ workspaceUuid }, ctx) => {
    const u = viewer(ctx);
    const key = u.workspaces.find((w) => WORKSPACES[w].id === workspaceUuid);
    if (!key) throw permissionError();
    return workspaceView(key, u);
  },
  createToken: ({ identity, password }) => {
    stats.createToken++;
    if (!config.localEnabled) throw new GraphQLError('Local authentication is disabled', { extensions: { code: 'FORBIDDEN' } });
    const u = userByIdentity(identity);
    const given = Buffer.from(String(password));
    const want = Buffer.from(String(u?.password ?? ''));
    const match = u?.password != null && given.length === want.length && crypto.timingSafeEqual(given, want);
    if (!match) {
      throw new GraphQLError('Invalid password and username combination', { extensions: { code: 'UNAUTHENTICATED' } });
    }
    const t = issueToken(u, config.tokenTtl);
    return { user: userView(u), token: { value: t.value, payload: t.payload } };
  },
};

// ------------------------------------------------------- state and logs ---

const config = {
  houstonVersion: opts.houstonVersion,
  localEnabled: opts.localEnabled,
  publicSignup: opts.publicSignup,
  initialSignup: opts.initialSignup,
  providers: opts.providers,
  tokenTtl: opts.tokenTtl,
  tokenUser: opts.tokenUser,
  errorMessage: null, // a string: every GraphQL request fails with this message (text a client must show safely)
};
const stats = { graphql: 0, authorized: 0, createToken: 0, tokenPage: 0 };
const logStream = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : null;
// Never the query string, a body, a header or a token: the method, the path, the GraphQL
// operation name and the status.
function log(method, pathname, status, op) {
  logStream?.write(`${new Date().toISOString()} ${method} ${pathname}${op ? ` ${op}` : ''} ${status}\n`);
}

// ---------------------------------------------------------------- server ---

const MAX_BODY = 64 * 1024;

function send(res, status, type, body) {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
const sendJson = (res, status, obj) => send(res, status, 'application/json', JSON.stringify(obj));

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}
const parseJson = (text) => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function escapeHtml(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

async function handleGraphql(req, res, base, host) {
  stats.graphql++;
  const body = parseJson(await readBody(req));
  if (!body || typeof body.query !== 'string') {
    log('POST', '/v1', 400);
    return sendJson(res, 400, { errors: [{ message: 'POST body sent invalid JSON.' }] });
  }
  // Houston takes the raw JWT in `authorization` (astro-cli sends no "Bearer ").
  const token = req.headers.authorization;
  if (token) stats.authorized++;
  if (typeof config.errorMessage === 'string') {
    log('POST', '/v1', 200);
    return sendJson(res, 200, { errors: [{ message: config.errorMessage }], data: null });
  }
  const schema = versionAtLeast(config.houstonVersion, '0.30.0') ? schemas.new : schemas.old;
  const result = await graphql({
    schema,
    source: body.query,
    rootValue: root,
    contextValue: { token, base, host },
    variableValues: body.variables && typeof body.variables === 'object' ? body.variables : undefined,
    operationName: typeof body.operationName === 'string' ? body.operationName : undefined,
  });
  // Like Apollo Server: a query that does not parse or validate is a 400, an error while
  // running it a 200 with `errors` (and `data`).
  const status = result.errors && result.data === undefined ? 400 : 200;
  log('POST', '/v1', status, body.operationName ?? /(query|mutation)\s+(\w+)/.exec(body.query)?.[2]);
  return sendJson(res, status, result);
}

function tokenPage(res, url) {
  stats.tokenPage++;
  const u = userByIdentity(url.searchParams.get('user') ?? config.tokenUser);
  if (!u || !u.oauth) {
    log('GET', '/token', 404);
    return send(res, 404, 'text/html; charset=utf-8', '<!doctype html><title>Houston</title><p>No such OAuth user.</p>');
  }
  const t = issueToken(u, config.tokenTtl);
  log('GET', '/token', 200);
  return send(
    res,
    200,
    'text/html; charset=utf-8',
    `<!doctype html><html><head><meta charset="utf-8"><title>Astronomer: your token</title>` +
      `<meta name="referrer" content="no-referrer"></head><body>` +
      `<p>Logged in as ${escapeHtml(u.username)}. Paste this token into the CLI:</p>` +
      `<pre id="token">${escapeHtml(t.value)}</pre></body></html>`,
  );
}

async function handleTest(req, res, url) {
  if (url.pathname === '/__test/stats' && req.method === 'GET') return sendJson(res, 200, stats);
  if (url.pathname === '/__test/reset-stats' && req.method === 'POST') {
    for (const k of Object.keys(stats)) stats[k] = 0;
    return sendJson(res, 200, stats);
  }
  if (url.pathname === '/__test/config') {
    if (req.method === 'POST') {
      const patch = parseJson(await readBody(req));
      if (!patch || typeof patch !== 'object') return sendJson(res, 400, { error: 'a JSON object' });
      for (const k of ['localEnabled', 'publicSignup', 'initialSignup']) if (typeof patch[k] === 'boolean') config[k] = patch[k];
      for (const k of ['houstonVersion', 'tokenUser']) if (typeof patch[k] === 'string') config[k] = patch[k];
      if ('errorMessage' in patch) config.errorMessage = typeof patch.errorMessage === 'string' ? patch.errorMessage : null;
      if (Number.isInteger(patch.tokenTtl)) config.tokenTtl = patch.tokenTtl;
      if (Array.isArray(patch.providers)) config.providers = patch.providers.map(String);
    }
    return sendJson(res, 200, config);
  }
  if (url.pathname === '/__test/token' && req.method === 'POST') {
    const b = parseJson(await readBody(req)) ?? {};
    const u = userByIdentity(b.user);
    if (!u) return sendJson(res, 404, { error: 'no such user' });
    const t = issueToken(u, Number.isInteger(b.ttl) ? b.ttl : config.tokenTtl);
    return sendJson(res, 200, { token: t.value, exp: t.payload.exp });
  }
  return sendJson(res, 404, { error: 'not found' });
}

const server = http.createServer(async (req, res) => {
  const host = `${opts.host}:${server.address().port}`;
  const base = `http://${host}`;
  let url;
  try {
    url = new URL(req.url, base);
  } catch {
    return sendJson(res, 400, { error: 'bad request' });
  }
  try {
    if (url.pathname === '/v1' && req.method === 'POST') return await handleGraphql(req, res, base, host);
    if (url.pathname === '/token' && req.method === 'GET') return tokenPage(res, url);
    if (url.pathname === '/v1/oauth/start' && req.method === 'GET') {
      // The provider's login, approved at once: on to the token page.
      log('GET', url.pathname, 302);
      res.writeHead(302, { location: '/token', 'cache-control': 'no-store' });
      return res.end();
    }
    if (url.pathname.startsWith('/__test/')) return await handleTest(req, res, url);
    log(req.method, url.pathname, 404);
    return sendJson(res, 404, { error: 'not found' });
  } catch (e) {
    console.error('houston.js:', e);
    if (!res.headersSent) sendJson(res, 500, { errors: [{ message: 'Internal server error' }] });
    return undefined;
  }
});

function stop() {
  server.close(() => (logStream ? logStream.end(() => process.exit(0)) : process.exit(0)));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

server.listen(opts.port, opts.host, () => {
  const url = `http://${opts.host}:${server.address().port}`;
  if (opts.portFile) {
    const tmp = path.join(path.dirname(opts.portFile), `.${path.basename(opts.portFile)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, url);
    fs.renameSync(tmp, opts.portFile);
  }
  process.stdout.write(`ASTRO_TEST_HOUSTON ${url}\n`);
});
