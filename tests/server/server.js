#!/usr/bin/env node
// Local "Astro-like" test platform for astro-auth: an Auth0-shaped OpenID
// Provider (oidc-provider 9.x) plus a tiny Astro platform API, on one loopback
// HTTP server. See README.md for flags, routes and the /__test endpoints.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import * as util from 'node:util';

// stdout carries exactly one line (the ready line): oidc-provider prints its
// NOTICEs with console.info, so send console.log/info to stderr. Also drop the
// one warning we trigger on purpose (see rewriteForm below).
console.log = console.error;
console.info = console.error;
const origWarn = console.warn;
console.warn = (...args) => {
  if (typeof args[0] === 'string' && args[0].includes('already parsed request body detected')) return;
  origWarn(...args);
};

// Clean exit (code 0) on SIGTERM/SIGINT, even while still starting up.
let server;
let hostile; // hostile.js, once started
let logStream;
let stopping = false;
function stop() {
  if (stopping) return;
  stopping = true;
  const done = () => (logStream ? logStream.end(() => process.exit(0)) : process.exit(0));
  hostile?.close();
  if (!server?.listening) return done();
  server.close(done);
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
  return undefined;
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);

// Signing key. Generating an RSA key costs 0.1-0.5 s of CPU, too much for the
// 1 s start-up budget on a busy machine, so one key per OS user is cached in
// $TMPDIR/astro-test-platform-<uid>/rs256-key.json (mode 0600) and reused; the
// kid is new on every start. Loading starts now, in parallel with the imports.
async function loadSigningKey() {
  const uid = process.getuid?.() ?? 0;
  const dir = path.join(os.tmpdir(), `astro-test-platform-${uid}`);
  const file = path.join(dir, 'rs256-key.json');
  try {
    if (fs.statSync(dir).uid === uid) {
      return crypto.createPrivateKey({ key: JSON.parse(fs.readFileSync(file, 'utf8')), format: 'jwk' });
    }
  } catch {
    // no usable cached key
  }
  const { privateKey } = await util.promisify(crypto.generateKeyPair)('rsa', { modulusLength: 2048 });
  try {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (fs.statSync(dir).uid === uid) {
      const tmp = `${file}.${process.pid}.tmp`;
      fs.writeFileSync(tmp, JSON.stringify(privateKey.export({ format: 'jwk' })), { mode: 0o600 });
      fs.renameSync(tmp, file);
    }
  } catch {
    // caching is best effort
  }
  return privateKey;
}
const signingKeyPromise = loadSigningKey();

// ---------------------------------------------------------------- options ---

function parseArgs(argv) {
  const opts = {
    port: 0,
    host: '127.0.0.1',
    accessTokenTtl: 3600,
    refreshTokenTtl: 86400,
    codeTtl: 60,
    deviceCodeTtl: 600,
    deviceInterval: 5,
    autoApprove: 'one@astro.test',
    rotateRefreshToken: 'yes',
    portFile: undefined,
    logFile: undefined,
    secretsFile: undefined,
    tlsCert: undefined,
    tlsKey: undefined,
    publicUrl: undefined,
  };
  const flags = {
    '--port': ['port', 'int0'],
    '--host': ['host', 'str'],
    '--access-token-ttl': ['accessTokenTtl', 'int'],
    '--refresh-token-ttl': ['refreshTokenTtl', 'int'],
    '--code-ttl': ['codeTtl', 'int'],
    '--device-code-ttl': ['deviceCodeTtl', 'int'],
    '--device-interval': ['deviceInterval', 'int'],
    '--auto-approve': ['autoApprove', 'str'],
    '--rotate-refresh-token': ['rotateRefreshToken', 'str'], // yes (default) or no
    '--port-file': ['portFile', 'str'],
    '--log-file': ['logFile', 'str'],
    '--secrets-file': ['secretsFile', 'str'],
    '--tls-cert': ['tlsCert', 'str'],
    '--tls-key': ['tlsKey', 'str'],
    '--public-url': ['publicUrl', 'str'],
  };
  for (let i = 0; i < argv.length; i += 1) {
    let [flag, value] = argv[i].split(/=(.*)/s);
    if (flag === '--help' || flag === '-h') {
      process.stderr.write(`usage: node server.js ${Object.keys(flags).map((f) => `[${f} V]`).join(' ')}\n`);
      process.exit(0);
    }
    const spec = flags[flag];
    if (!spec) throw new Error(`unknown argument ${argv[i]}`);
    if (value === undefined) {
      i += 1;
      value = argv[i];
    }
    if (value === undefined) throw new Error(`${flag} needs a value`);
    const [key, type] = spec;
    if (type === 'str') {
      opts[key] = value;
    } else {
      const n = Number(value);
      if (!Number.isInteger(n) || n < (type === 'int0' ? 0 : 1)) throw new Error(`${flag}: bad number ${value}`);
      opts[key] = n;
    }
  }
  if (!/^127\.\d+\.\d+\.\d+$/.test(opts.host)) throw new Error('--host must be a 127.x.x.x loopback address');
  opts.autoApprove = opts.autoApprove === 'none' || opts.autoApprove === '' ? null : opts.autoApprove;
  return opts;
}

let opts;
try {
  opts = parseArgs(process.argv.slice(2));
} catch (err) {
  process.stderr.write(`astro-test-server: ${err.message}\n`);
  process.exit(2);
}

// Runtime-tunable settings (POST /__test/config).
const config = {
  autoApprove: opts.autoApprove, // email to log in as without a form, or null
  deny: false, // finish every interaction with access_denied
  accessTokenTtl: opts.accessTokenTtl,
  refreshTokenTtl: opts.refreshTokenTtl,
  codeTtl: opts.codeTtl,
  deviceCodeTtl: opts.deviceCodeTtl,
  deviceInterval: opts.deviceInterval,
  deviceSlowDown: false, // answer slow_down when a device_code is polled faster than its interval
  displayText: {}, // see displayText() below
};

// Issue 9 §1: text a client shows its user, replaced by test-chosen text (terminal
// escapes, say). POST /__test/config {"displayText": {"email": "...", "organization":
// "...", "workspace": "...", "errorDescription": "...", "userCode": "..."}}; {} resets.
const DISPLAY_TEXT_KEYS = ['email', 'organization', 'workspace', 'errorDescription', 'userCode'];
function displayText(key, value) {
  const override = config.displayText[key];
  return typeof override === 'string' ? override : value;
}
// Applies displayText() to a /v1/ platform response body (organizations and workspaces).
function withDisplayText(path, body) {
  if (!body || typeof body !== 'object') return body;
  const named = (key) => (item) => ({ ...item, name: displayText(key, item.name) });
  const out = { ...body };
  if (Array.isArray(out.organizations)) out.organizations = out.organizations.map(named('organization'));
  if (Array.isArray(out.workspaces)) out.workspaces = out.workspaces.map(named('workspace'));
  if (/^\/v1\/organizations\/[^/]+$/.test(path) && typeof out.name === 'string') out.name = displayText('organization', out.name);
  return out;
}

const newStats = () => ({
  token_requests: { authorization_code: 0, refresh_token: 0, device_code: 0, other: 0 },
  revocations: 0,
  introspections: 0,
  userinfo: 0,
  platform_requests: 0,
});
let stats = newStats();

logStream = opts.logFile ? fs.createWriteStream(opts.logFile, { flags: 'a' }) : undefined;

const { default: Provider, errors } = await import('oidc-provider');
const { default: Adapter } = await import('./adapter.js');
const platform = await import('./platform.js');
const { createHostile } = await import('./hostile.js');

// ------------------------------------------------------------ listen first ---
// The issuer contains the port, so bind before building the provider.

// --tls-cert/--tls-key: HTTPS (for the TLS, CA and proxy tests, under a test name that a
// private hosts file maps to this loopback address; see --public-url).
server = opts.tlsCert
  ? https.createServer({ cert: fs.readFileSync(opts.tlsCert), key: fs.readFileSync(opts.tlsKey) })
  : http.createServer();
try {
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, resolve);
  });
} catch (err) {
  process.stderr.write(`astro-test-server: cannot listen on ${opts.host}:${opts.port}: ${err.message}\n`);
  process.exit(1);
}
const { port } = server.address();
// Auth0 style: trailing slash. --public-url names the issuer as clients reach it.
const ISSUER = opts.publicUrl ? `${opts.publicUrl.replace(/\/+$/, '')}/` : `http://${opts.host}:${port}/`;
const AUDIENCE = 'astronomer-ee';
const RESOURCE = 'urn:astronomer-ee'; // resource indicator behind the Auth0 `audience`
const SCOPES = 'openid profile email offline_access';
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

// ------------------------------------------------------------------- keys ---

const privateKey = await signingKeyPromise;
const publicKey = crypto.createPublicKey(privateKey);
const signingJwk = { ...privateKey.export({ format: 'jwk' }), kid: crypto.randomUUID(), alg: 'RS256', use: 'sig' };

// Verify one of our RS256 JWTs; returns its payload or undefined.
function verifyJwt(value) {
  const parts = value.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url'));
    if (header.alg !== 'RS256' || header.kid !== signingJwk.kid) return undefined;
    const ok = crypto.verify('sha256', Buffer.from(`${parts[0]}.${parts[1]}`), publicKey, Buffer.from(parts[2], 'base64url'));
    if (!ok) return undefined;
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url'));
    if (payload.iss !== ISSUER || typeof payload.jti !== 'string') return undefined;
    if (typeof payload.exp !== 'number' || payload.exp <= Date.now() / 1000) return undefined;
    return payload;
  } catch {
    return undefined;
  }
}

const looksLikeJwt = (value) => typeof value === 'string' && /^[\w-]+\.[\w-]+\.[\w-]+$/.test(value);

// --------------------------------------------------------------- provider ---

function findAccount(_ctx, id) {
  const user = platform.userById(id);
  if (!user) return undefined;
  return {
    accountId: user.id,
    async claims() {
      return { sub: user.id, email: user.email, email_verified: true, name: user.fullName };
    },
  };
}

const resourceServerInfo = {
  scope: SCOPES,
  audience: AUDIENCE,
  accessTokenFormat: 'jwt',
  jwt: { sign: { alg: 'RS256' } },
};

const provider = new Provider(ISSUER, {
  adapter: Adapter,
  jwks: { keys: [signingJwk] },
  cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
  clockTolerance: 0,
  findAccount,
  clients: [
    {
      client_id: 'astro-cli',
      client_name: 'Astro CLI',
      application_type: 'native',
      token_endpoint_auth_method: 'none',
      // Native loopback redirects match on any port (RFC 8252 section 7.3).
      redirect_uris: ['http://localhost:12345/callback', 'http://127.0.0.1:12345/callback'],
      grant_types: ['authorization_code', 'refresh_token', DEVICE_GRANT],
      response_types: ['code'],
    },
    {
      client_id: 'test-introspector',
      client_secret: 'test-introspector-secret',
      token_endpoint_auth_method: 'client_secret_basic',
      grant_types: [],
      response_types: [],
      redirect_uris: [],
    },
  ],
  scopes: SCOPES.split(' '),
  claims: {
    openid: ['sub'],
    email: ['email', 'email_verified'],
    profile: ['name'],
  },
  // Auth0's `audience` authorization parameter.
  extraParams: {
    audience(_ctx, value) {
      if (value !== undefined && value !== AUDIENCE) throw new errors.AccessDenied(`Service not found: ${value}`);
    },
  },
  routes: {
    authorization: '/authorize',
    token: '/oauth/token',
    userinfo: '/userinfo',
    revocation: '/oauth/revoke',
    introspection: '/oauth/introspect',
    device_authorization: '/oauth/device/code',
    code_verification: '/activate',
    jwks: '/.well-known/jwks.json',
    end_session: '/oidc/logout',
  },
  pkce: { required: () => true },
  features: {
    devInteractions: { enabled: false },
    deviceFlow: {
      enabled: true,
      // Plain pages (the defaults pull a web font from the internet).
      userCodeInputSource(ctx, form, _out, err) {
        let msg = 'Enter the code displayed on your device.';
        if (err?.name === 'AbortedError') msg = 'The sign-in request was denied or aborted.';
        else if (err) msg = 'The code is incorrect or expired. Try again.';
        ctx.body = page('Device login', `<p>${msg}</p>${form}<button type="submit" form="op.deviceInputForm">Continue</button>`);
      },
      userCodeConfirmSource(ctx, form, client, _deviceInfo, userCode) {
        ctx.body = page('Confirm device', `<p>${htmlEscape(client.clientName || client.clientId)} shows the code <code>${htmlEscape(userCode)}</code>.</p>${form}
<button autofocus type="submit" form="op.deviceConfirmForm">Continue</button>
<button type="submit" form="op.deviceConfirmForm" value="yes" name="abort">Abort</button>`);
      },
      successSource(ctx) {
        ctx.body = page('Sign-in Success', '<p>Your device is now signed in. You can close this window.</p>');
      },
    },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource(ctx, form) {
        ctx.body = page('Sign out', `${form}<button autofocus type="submit" form="op.logoutForm" value="yes" name="logout">Sign out</button>`);
      },
      postLogoutSuccessSource(ctx) {
        ctx.body = page('Signed out', '<p>You are signed out.</p>');
      },
    },
    introspection: {
      enabled: true,
      // Public clients may only introspect their own tokens.
      allowedPolicy: (_ctx, client, token) => client.clientAuthMethod !== 'none' || token.clientId === client.clientId,
    },
    revocation: {
      enabled: true,
      // Any client may revoke its own tokens; test-introspector may revoke anything.
      allowedPolicy: (_ctx, client, token) => token.clientId === client.clientId || client.clientId === 'test-introspector',
    },
    userinfo: { enabled: true }, // advertised; requests are answered by our own handler below
    resourceIndicators: {
      enabled: true,
      defaultResource: (_ctx, _client, oneOf) => oneOf || RESOURCE,
      useGrantedResource: () => true, // keep issuing JWTs for the audience on refresh
      getResourceServerInfo: (_ctx, indicator) => {
        if (indicator !== RESOURCE) throw new errors.InvalidTarget();
        return resourceServerInfo;
      },
    },
  },
  formats: {
    customizers: {
      // Auth0-like access token: aud = [api audience, userinfo url], plus email.
      jwt(_ctx, token, jwt) {
        const user = platform.userById(token.accountId);
        jwt.payload.aud = [AUDIENCE, `${ISSUER}userinfo`];
        if (user) jwt.payload.email = user.email;
      },
    },
  },
  issueRefreshToken: (_ctx, client, code) => client.grantTypeAllowed('refresh_token') && code.scopes.has('offline_access'),
  rotateRefreshToken: opts.rotateRefreshToken !== 'no',
  clientBasedCORS: () => false,
  interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  ttl: {
    AccessToken: () => config.accessTokenTtl,
    IdToken: () => config.accessTokenTtl,
    RefreshToken: () => config.refreshTokenTtl,
    AuthorizationCode: () => config.codeTtl,
    DeviceCode: () => config.deviceCodeTtl,
    Grant: () => 365 * 24 * 3600,
    Interaction: () => 3600,
    Session: () => 14 * 24 * 3600,
    ClientCredentials: () => 600,
    BackchannelAuthenticationRequest: () => 600,
    PreAuthorizedCode: () => 600,
  },
  renderError(ctx, out) {
    ctx.type = 'html';
    ctx.body = page(htmlEscape(out.error), `<p>${htmlEscape(out.error_description || '')}</p>`);
  },
});

// oidc-provider does not store JWT-format access tokens (they are meant to be
// self-contained), so they could be neither introspected nor revoked. Store the
// same record an opaque token would get, under the JWT's jti: the token value
// is still the signed JWT, but AccessToken.find(jti) works, and revocation
// (of the token or its grant) deletes the record.
{
  const { prototype } = provider.AccessToken;
  const getValueAndPayload = prototype.getValueAndPayload;
  prototype.getValueAndPayload = async function getValueAndPayloadStored() {
    if (this.format !== 'jwt') return getValueAndPayload.call(this);
    this.iat ??= Math.floor(Date.now() / 1000); // pin iat/exp so both renderings agree
    this.exp ??= this.iat + this.expiration;
    const { value } = await getValueAndPayload.call(this);
    this.format = 'opaque';
    try {
      const { payload } = await getValueAndPayload.call(this);
      return { value, payload };
    } finally {
      this.format = 'jwt';
    }
  };
}

// ---------------------------------------------------------------- helpers ---

function htmlEscape(s) {
  return String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function page(title, body) {
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${title}</title></head>\n<body><h1>${title}</h1>\n${body}\n</body></html>\n`;
}

async function readRaw(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > 64 * 1024) throw new Error('body too large');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(ctx) {
  const raw = await readRaw(ctx.req);
  if (!raw) return {};
  try {
    return JSON.parse(raw);
  } catch {
    ctx.throw(400, 'invalid JSON body');
  }
}

function json(ctx, status, body) {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = body;
}

// Read a urlencoded body before oidc-provider does, let `fn` inspect or edit
// the parameters, and hand the (re-encoded) body on. oidc-provider reads
// ctx.request.body when the stream has already been consumed (it warns once;
// that warning is filtered at the top of this file).
async function rewriteForm(ctx, fn) {
  if (ctx.method !== 'POST' || !ctx.is('application/x-www-form-urlencoded')) return true;
  const params = new URLSearchParams(await readRaw(ctx.req));
  const proceed = await fn(params);
  ctx.request.body = params.toString();
  return proceed !== false;
}

// Resolve a presented access token (JWT or opaque) to a live provider
// AccessToken, so revoked/expired tokens are rejected like at the AS.
async function findAccessToken(value) {
  if (typeof value !== 'string' || !value) return undefined;
  let id = value;
  if (looksLikeJwt(value)) {
    const payload = verifyJwt(value);
    if (!payload) return undefined;
    id = payload.jti;
  }
  const token = await provider.AccessToken.find(id);
  if (!token || !token.isValid) return undefined;
  if (token.grantId && !(await provider.Grant.find(token.grantId))) return undefined;
  return token;
}

function bearer(ctx) {
  const m = /^Bearer\s+(\S+)$/i.exec(ctx.get('authorization'));
  return m ? m[1] : undefined;
}

async function authenticate(ctx) {
  const token = await findAccessToken(bearer(ctx));
  const user = token && platform.userById(token.accountId);
  if (!user) {
    ctx.set('WWW-Authenticate', 'Bearer error="invalid_token"');
    json(ctx, 401, { error: 'invalid_token', error_description: 'invalid or expired access token', message: 'Unauthorized', statusCode: 401 });
    return undefined;
  }
  return user;
}

// A grant covering everything the request asked for, for `user`.
async function grantFor(user, clientId, params) {
  const grant = new provider.Grant({ accountId: user.id, clientId });
  const scope = params.scope || 'openid';
  grant.addOIDCScope(scope);
  const resources = [].concat(params.resource || []);
  for (const resource of resources) grant.addResourceScope(resource, scope);
  return grant.save();
}

const DENIED = { error: 'access_denied', error_description: 'User did not authorize the request' };

// Finish an interaction as `email` (approve) or with access_denied (email null).
async function finishInteraction(ctx, details, email) {
  let result = { ...DENIED, error_description: displayText('errorDescription', DENIED.error_description) };
  if (email) {
    const user = platform.userForEmail(email);
    const grantId = await grantFor(user, details.params.client_id, details.params);
    result = { login: { accountId: user.id }, consent: { grantId } };
  }
  const returnTo = await provider.interactionResult(ctx.req, ctx.res, result, { mergeWithLastSubmission: false });
  ctx.status = 303;
  ctx.redirect(returnTo);
}

function interactionForm(details) {
  return page('Astro test login', `<p>Client <b>${htmlEscape(details.params.client_id)}</b> requests <code>${htmlEscape(details.params.scope || '')}</code>.</p>
<form method="post" action="/interaction/${htmlEscape(details.uid)}">
  <label>Email <input type="email" name="email" value="one@astro.test" autofocus></label>
  <button type="submit" name="action" value="approve">Approve</button>
  <button type="submit" name="action" value="deny">Deny</button>
</form>`);
}

function deviceKey(deviceCode) {
  return crypto.createHash('sha256').update(deviceCode).digest('hex');
}
const devicePolls = new Map(); // sha256(device_code) -> { last (ms), interval (s) }

// ------------------------------------------------------------- middleware ---

// Request log: method and path only (never query strings, bodies or tokens).
provider.use(async (ctx, next) => {
  let status;
  try {
    await next();
    status = ctx.status;
  } catch (err) {
    status = err.status || 500;
    throw err;
  } finally {
    logStream?.write(`${new Date().toISOString()} ${ctx.method} ${ctx.path} ${status}\n`);
  }
});

// Hostile mode (hostile.js): per-route misbehaviour, off until a test asks for it.
hostile = await createHostile({ secretsFile: opts.secretsFile });
provider.use(hostile.middleware);

// Platform and test-control routes served in front of oidc-provider.
provider.use(async (ctx, next) => {
  const { method } = ctx;
  const p = ctx.path;

  if (p === '/private/v1alpha1/cli/auth-config' && method === 'GET') {
    return json(ctx, 200, { clientId: 'astro-cli', audience: AUDIENCE, domainUrl: ISSUER });
  }

  // userinfo: oidc-provider refuses tokens that carry an audience, so answer here.
  if (p === '/userinfo') {
    stats.userinfo += 1;
    if (method !== 'GET' && method !== 'POST') return json(ctx, 405, { error: 'invalid_request' });
    ctx.set('Cache-Control', 'no-store');
    const user = await authenticate(ctx);
    if (!user) return undefined;
    return json(ctx, 200, { sub: user.id, email: displayText('email', user.email), email_verified: true, name: user.fullName });
  }

  if (p.startsWith('/v1/')) {
    stats.platform_requests += 1;
    const user = await authenticate(ctx);
    if (!user) return undefined;
    const out = platform.platformRoute(user, method, p, ctx.query);
    if (!out) return json(ctx, 404, { message: 'not found', statusCode: 404 });
    return json(ctx, out.status, withDisplayText(p, out.body));
  }

  const im = /^\/interaction\/([\w-]+)$/.exec(p);
  if (im && (method === 'GET' || method === 'POST')) {
    let details;
    try {
      details = await provider.interactionDetails(ctx.req, ctx.res);
    } catch (err) {
      ctx.status = 400;
      ctx.type = 'text/plain';
      ctx.body = `interaction not found or expired (${err.error || err.message})\n`;
      return undefined;
    }
    if (details.uid !== im[1]) ctx.throw(400, 'interaction mismatch');
    if (method === 'GET') {
      if (config.deny) return finishInteraction(ctx, details, null);
      if (config.autoApprove) return finishInteraction(ctx, details, config.autoApprove);
      ctx.type = 'html';
      ctx.body = interactionForm(details);
      return undefined;
    }
    const form = new URLSearchParams(await readRaw(ctx.req));
    if (form.get('action') !== 'approve') return finishInteraction(ctx, details, null);
    const email = platform.normalizeEmail(form.get('email'));
    if (!email) ctx.throw(400, 'email required');
    return finishInteraction(ctx, details, email);
  }

  if (p.startsWith('/__test/')) {
    try {
      return await testRoute(ctx);
    } catch (err) {
      if (!err.status || err.status >= 500) throw err;
      return json(ctx, err.status, { error: err.message });
    }
  }

  // Auth0 clients get refresh tokens for offline_access without prompt=consent;
  // oidc-provider drops offline_access unless prompt includes consent, so add it.
  if (p === '/authorize' && method === 'GET') {
    const q = { ...ctx.query };
    const scopes = String(q.scope || '').split(' ');
    const prompts = String(q.prompt || '').split(' ').filter(Boolean);
    if (scopes.includes('offline_access') && !prompts.includes('consent') && !prompts.includes('none')) {
      q.prompt = [...prompts, 'consent'].join(' ');
      ctx.query = q;
    }
    return next();
  }

  if (p === '/oauth/token') {
    const proceed = await rewriteForm(ctx, (params) => {
      hostile.noteRequest(params);
      const gt = params.get('grant_type');
      const name = { authorization_code: 'authorization_code', refresh_token: 'refresh_token', [DEVICE_GRANT]: 'device_code' }[gt] || 'other';
      stats.token_requests[name] += 1;
      if (gt === DEVICE_GRANT && config.deviceSlowDown && params.get('device_code')) {
        const key = deviceKey(params.get('device_code'));
        const now = Date.now();
        const poll = devicePolls.get(key) || { last: 0, interval: config.deviceInterval };
        const tooFast = now - poll.last < poll.interval * 1000;
        if (tooFast) poll.interval += 5;
        poll.last = now;
        devicePolls.set(key, poll);
        if (tooFast) {
          json(ctx, 400, { error: 'slow_down', error_description: `polling too fast, interval is now ${poll.interval}s` });
          ctx.set('Cache-Control', 'no-store');
          return false;
        }
      }
      return true;
    });
    return proceed ? next() : undefined;
  }

  // oidc-provider refuses structured (JWT) tokens at introspection and
  // revocation. Our JWT access tokens are stored under their jti, so after
  // checking the signature, swap the JWT for its jti and let the provider do
  // client authentication, policy checks, lookup and revocation as usual.
  if (p === '/oauth/introspect' || p === '/oauth/revoke') {
    if (p === '/oauth/revoke') stats.revocations += 1;
    else stats.introspections += 1;
    await rewriteForm(ctx, (params) => {
      const token = params.get('token');
      if (looksLikeJwt(token)) {
        const payload = verifyJwt(token);
        params.set('token', payload ? payload.jti : `invalid-${crypto.randomUUID()}`);
      }
    });
    return next();
  }

  await next();

  // RFC 8628: tell the device how often to poll.
  if (p === '/oauth/device/code' && ctx.status === 200 && ctx.body && typeof ctx.body === 'object') {
    ctx.body = { ...ctx.body, interval: config.deviceInterval, user_code: displayText('userCode', ctx.body.user_code) };
  }
  return undefined;
});

async function testRoute(ctx) {
  const { method } = ctx;
  const p = ctx.path;

  if (p === '/__test/stats' && method === 'GET') return json(ctx, 200, stats);

  if (p === '/__test/hostile') return hostile.route(ctx, readJson, json);

  if (p === '/__test/reset-stats' && method === 'POST') {
    stats = newStats();
    return json(ctx, 200, stats);
  }

  if (p === '/__test/config') {
    if (method === 'POST') {
      const body = await readJson(ctx);
      for (const [key, value] of Object.entries(body)) {
        if (key === 'autoApprove') {
          if (value !== null && typeof value !== 'string') ctx.throw(400, 'autoApprove must be an email or null');
          config.autoApprove = value === null || value === '' || value === 'none' ? null : value;
        } else if (key === 'deny' || key === 'deviceSlowDown') {
          if (typeof value !== 'boolean') ctx.throw(400, `${key} must be a boolean`);
          config[key] = value;
        } else if (key === 'displayText') {
          if (!value || typeof value !== 'object' || Object.entries(value).some(([k, v]) => !DISPLAY_TEXT_KEYS.includes(k) || typeof v !== 'string')) {
            ctx.throw(400, `displayText takes string values for ${DISPLAY_TEXT_KEYS.join(', ')}`);
          }
          config.displayText = { ...value };
        } else if (['accessTokenTtl', 'refreshTokenTtl', 'codeTtl', 'deviceCodeTtl', 'deviceInterval'].includes(key)) {
          if (!Number.isInteger(value) || value < 1) ctx.throw(400, `${key} must be a positive integer`);
          config[key] = value;
        } else {
          ctx.throw(400, `unknown config key ${key}`);
        }
      }
    } else if (method !== 'GET') {
      ctx.throw(405);
    }
    return json(ctx, 200, config);
  }

  // Mint a real provider access token (JWT for the astronomer-ee audience).
  if (p === '/__test/token' && method === 'POST') {
    const body = await readJson(ctx);
    if (!body.email) ctx.throw(400, 'email required');
    if (body.ttl !== undefined && (!Number.isInteger(body.ttl) || body.ttl < 1)) ctx.throw(400, 'ttl must be a positive integer');
    const user = platform.userForEmail(body.email);
    const client = await provider.Client.find('astro-cli');
    const grantId = await grantFor(user, client.clientId, { scope: SCOPES, resource: RESOURCE });
    const at = new provider.AccessToken({
      accountId: user.id,
      client,
      grantId,
      gty: 'test',
      scope: SCOPES,
      expiresIn: body.ttl ?? config.accessTokenTtl,
    });
    at.resourceServer = new provider.ResourceServer(RESOURCE, resourceServerInfo);
    const value = await at.save();
    return json(ctx, 200, { access_token: value, token_type: 'Bearer', expires_in: at.expiration });
  }

  // Approve or deny a pending device authorization without a browser.
  if (p === '/__test/device' && method === 'POST') {
    const body = await readJson(ctx);
    const userCode = String(body.user_code || '').toUpperCase().replace(/\W/g, '');
    const code = await provider.DeviceCode.findByUserCode(userCode);
    if (!code) return json(ctx, 404, { error: 'user_code not found or expired' });
    if (code.accountId || code.error) return json(ctx, 409, { error: 'user_code already used' });
    if (body.action === 'deny') {
      code.error = DENIED.error;
      code.errorDescription = displayText('errorDescription', DENIED.error_description);
    } else if (body.action === 'approve') {
      const user = platform.userForEmail(body.email || config.autoApprove || 'one@astro.test');
      const params = code.params || {};
      Object.assign(code, {
        accountId: user.id,
        authTime: Math.floor(Date.now() / 1000),
        grantId: await grantFor(user, code.clientId, params),
        scope: params.scope,
        resource: params.resource,
      });
    } else {
      ctx.throw(400, 'action must be approve or deny');
    }
    await code.save();
    return json(ctx, 200, { ok: true, action: body.action });
  }

  return json(ctx, 404, { error: 'unknown test route' });
}

// ------------------------------------------------------------------ start ---

server.on('request', provider.callback());

function publish() {
  const url = opts.publicUrl ? opts.publicUrl.replace(/\/+$/, '') : `http://${opts.host}:${port}`;
  if (opts.portFile) {
    const tmp = path.join(path.dirname(opts.portFile), `.${path.basename(opts.portFile)}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, url);
    fs.renameSync(tmp, opts.portFile);
  }
  process.stdout.write(`ASTRO_TEST_SERVER ${url}\n`);
}
publish();

