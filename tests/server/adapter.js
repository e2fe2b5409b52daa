// Unbounded in-memory storage adapter for oidc-provider.
//
// oidc-provider's bundled MemoryAdapter is an LRU capped at 1000 entries, which
// silently evicts live tokens in long test suites. This one keeps everything
// until it expires (expiry is exact: no clock tolerance).

const store = new Map(); // "Model:id" -> { payload, expiresAt (ms) | Infinity }
const byGrant = new Map(); // grantId -> Set of "Model:id"
const byUserCode = new Map(); // userCode -> id (DeviceCode)
const byUid = new Map(); // session uid -> id (Session)

const GRANTABLE = new Set([
  'AccessToken', 'AuthorizationCode', 'RefreshToken', 'DeviceCode',
  'BackchannelAuthenticationRequest', 'PreAuthorizedCode',
]);

function live(key) {
  const entry = store.get(key);
  if (!entry) return undefined;
  if (entry.expiresAt <= Date.now()) {
    store.delete(key);
    return undefined;
  }
  return entry.payload;
}

export default class UnboundedMemoryAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    const key = this.key(id);
    const expiresAt = typeof expiresIn === 'number' ? Date.now() + expiresIn * 1000 : Infinity;
    store.set(key, { payload, expiresAt });
    if (GRANTABLE.has(this.model) && payload.grantId) {
      if (!byGrant.has(payload.grantId)) byGrant.set(payload.grantId, new Set());
      byGrant.get(payload.grantId).add(key);
    }
    if (payload.userCode) byUserCode.set(payload.userCode, id);
    if (this.model === 'Session' && payload.uid) byUid.set(payload.uid, id);
  }

  async find(id) {
    return live(this.key(id));
  }

  async findByUserCode(userCode) {
    const id = byUserCode.get(userCode);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUid(uid) {
    const id = byUid.get(uid);
    return id === undefined ? undefined : this.find(id);
  }

  async consume(id) {
    const payload = live(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    const keys = byGrant.get(grantId);
    if (!keys) return;
    for (const key of keys) store.delete(key);
    byGrant.delete(grantId);
  }
}

// Periodically drop expired entries so very long runs do not grow forever.
setInterval(() => {
  const now = Date.now();
  for (const [key, entry] of store) if (entry.expiresAt <= now) store.delete(key);
  for (const [grantId, keys] of byGrant) {
    for (const key of keys) if (!store.has(key)) keys.delete(key);
    if (!keys.size) byGrant.delete(grantId);
  }
  for (const [code, id] of byUserCode) if (!store.has(`DeviceCode:${id}`)) byUserCode.delete(code);
  for (const [uid, id] of byUid) if (!store.has(`Session:${id}`)) byUid.delete(uid);
}, 60_000).unref();
