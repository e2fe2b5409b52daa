// Static test data for the Astro-like platform API (/v1/...).
//
// Users are keyed by email. Known users have fixed ids; any other email logs
// in as a fresh user with no organizations and an id derived from the email,
// so the same email always maps to the same `sub`.

import { createHash } from 'node:crypto';

const CREATED_AT = '2024-01-01T00:00:00.000Z';

function workspaces(orgId, list) {
  return list.map(([id, name]) => ({ id, name, organizationId: orgId }));
}

const ORGS = {
  'org-one': { id: 'org-one', name: 'Org One', workspaces: workspaces('org-one', [['ws-one', 'Workspace One']]) },
  'org-a': {
    id: 'org-a',
    name: 'Org A',
    workspaces: workspaces('org-a', [
      ['ws-a1', 'Workspace A1'], ['ws-a2', 'Workspace A2'], ['ws-a3', 'Workspace A3'],
    ]),
  },
  'org-b': { id: 'org-b', name: 'Org B', workspaces: workspaces('org-b', [['ws-b1', 'Workspace B1']]) },
  'org-c': { id: 'org-c', name: 'Org C', workspaces: [] },
};

const KNOWN_USERS = {
  'zero@astro.test': { id: 'usr-zero', fullName: 'Zero Orgs', orgs: [] },
  'one@astro.test': { id: 'usr-one', fullName: 'One Org', orgs: ['org-one'] },
  'many@astro.test': { id: 'usr-many', fullName: 'Many Orgs', orgs: ['org-a', 'org-b', 'org-c'] },
};

const byId = new Map(); // accountId -> user

export function normalizeEmail(email) {
  return String(email || '').trim().toLowerCase();
}

// Returns the user for an email, creating an unknown one on first sight.
export function userForEmail(rawEmail) {
  const email = normalizeEmail(rawEmail);
  if (!email) return undefined;
  const known = KNOWN_USERS[email];
  const id = known ? known.id : `usr-${createHash('sha256').update(email).digest('hex').slice(0, 16)}`;
  let user = byId.get(id);
  if (!user) {
    user = {
      id,
      email,
      fullName: known ? known.fullName : email.split('@')[0],
      orgs: known ? known.orgs : [],
      createdAt: known ? CREATED_AT : new Date().toISOString(),
    };
    byId.set(id, user);
  }
  return user;
}

export function userById(id) {
  return byId.get(id);
}

// Pre-register the known users so their ids resolve before first login.
for (const email of Object.keys(KNOWN_USERS)) userForEmail(email);

export function selfView(user) {
  return {
    id: user.id,
    fullName: user.fullName,
    username: user.email,
    email: user.email,
    createdAt: user.createdAt,
  };
}

function page(items, query) {
  const limit = Math.max(1, Math.min(1000, Number.parseInt(query.limit, 10) || 20));
  const offset = Math.max(0, Number.parseInt(query.offset, 10) || 0);
  return { items: items.slice(offset, offset + limit), totalCount: items.length, limit, offset };
}

function orgView(org) {
  return { id: org.id, name: org.name, product: 'HOSTED' };
}

// Handles GET /v1/organizations[...] for an authenticated user.
// Returns { status, body }, or undefined when the path is not a platform route.
export function platformRoute(user, method, path, query) {
  if (path === '/v1/users/self') {
    if (method !== 'GET') return { status: 405, body: { message: 'method not allowed', statusCode: 405 } };
    return { status: 200, body: selfView(user) };
  }
  if (path === '/v1/organizations') {
    if (method !== 'GET') return { status: 405, body: { message: 'method not allowed', statusCode: 405 } };
    const { items, ...rest } = page(user.orgs.map((id) => orgView(ORGS[id])), query);
    return { status: 200, body: { organizations: items, ...rest } };
  }
  const m = /^\/v1\/organizations\/([^/]+)(\/workspaces)?$/.exec(path);
  if (!m) return undefined;
  if (method !== 'GET') return { status: 405, body: { message: 'method not allowed', statusCode: 405 } };
  const orgId = decodeURIComponent(m[1]);
  if (!user.orgs.includes(orgId)) {
    return { status: 404, body: { message: `organization ${orgId} not found`, statusCode: 404 } };
  }
  const org = ORGS[orgId];
  if (!m[2]) return { status: 200, body: orgView(org) };
  const { items, ...rest } = page(org.workspaces, query);
  return { status: 200, body: { workspaces: items, ...rest } };
}
