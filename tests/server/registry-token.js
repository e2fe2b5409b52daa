#!/usr/bin/env node
// A registry token server for tests/e2e/docker_registry.sh (the Docker registry's `token`
// auth): it accepts Basic `cli:<access token>` only when the local platform's userinfo
// endpoint accepts that token as a bearer, and then issues a short registry token signed with
// a test key (RS256; `kid` in libtrust's form, which the registry looks up in the certificate
// bundle it trusts). Anything else is 401: every token is really checked, not just a prefix.
//   node registry-token.js --platform URL --key KEY.pem --port-file FILE [--log-file FILE]
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';

const arg = (name) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const platform = arg('platform').replace(/\/$/, '');
const key = crypto.createPrivateKey(fs.readFileSync(arg('key')));
const logFile = arg('log-file');
const log = (line) => logFile && fs.appendFileSync(logFile, `${line}\n`);
const stats = { issued: 0, refused: 0 };

// libtrust's key id: SHA-256 of the DER public key, first 240 bits, base32, groups of 4.
function keyId() {
  const der = crypto.createPublicKey(key).export({ type: 'spki', format: 'der' });
  const sum = crypto.createHash('sha256').update(der).digest().subarray(0, 30);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const b of sum) bits += b.toString(2).padStart(8, '0');
  let b32 = '';
  for (let i = 0; i + 5 <= bits.length; i += 5) b32 += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return b32.match(/.{4}/g).join(':');
}
const KID = keyId();
const b64url = (x) => Buffer.from(x).toString('base64url');

function sign(claims) {
  const head = b64url(JSON.stringify({ typ: 'JWT', alg: 'RS256', kid: KID }));
  const body = b64url(JSON.stringify(claims));
  const sig = crypto.sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key).toString('base64url');
  return `${head}.${body}.${sig}`;
}

let userinfo;
async function tokenIsValid(token) {
  if (!userinfo) {
    const d = await fetch(`${platform}/.well-known/openid-configuration`).then((r) => r.json());
    userinfo = d.userinfo_endpoint;
  }
  const r = await fetch(userinfo, { headers: { authorization: `Bearer ${token}` } });
  return r.status === 200;
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (url.pathname === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(stats));
  }
  if (url.pathname !== '/token') {
    res.writeHead(404);
    return res.end();
  }
  const auth = req.headers.authorization || '';
  const basic = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : '';
  const colon = basic.indexOf(':');
  const user = colon >= 0 ? basic.slice(0, colon) : '';
  const secret = colon >= 0 ? basic.slice(colon + 1) : '';
  let ok = false;
  try {
    ok = user === 'cli' && secret.length > 0 && (await tokenIsValid(secret));
  } catch (e) {
    log(`userinfo failed: ${e.message}`);
  }
  log(`token request: user=${user || '-'} scope=${url.searchParams.get('scope') || '-'} -> ${ok ? 200 : 401}`);
  if (!ok) {
    stats.refused += 1;
    res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Basic realm="astro-test"' });
    return res.end(JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
  }
  const now = Math.floor(Date.now() / 1000);
  const access = url.searchParams.getAll('scope').flatMap((scope) => {
    const [type, name, actions] = scope.split(':');
    return type && name ? [{ type, name, actions: (actions || '').split(',').filter(Boolean) }] : [];
  });
  const token = sign({
    iss: 'astro-test-token-server', sub: user, aud: url.searchParams.get('service') || '',
    exp: now + 300, nbf: now - 10, iat: now, jti: crypto.randomBytes(16).toString('hex'), access,
  });
  stats.issued += 1;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ token, access_token: token, expires_in: 300, issued_at: new Date(now * 1000).toISOString() }));
});
server.listen(0, '127.0.0.1', () => {
  fs.writeFileSync(arg('port-file'), `http://127.0.0.1:${server.address().port}`);
});
