import { HttpError } from '../core/errors.js';

/**
 * Write keys map to a key id; bronze stores the id, never the key. A key arrives as the
 * Basic-auth username (Segment's clients), in an X-Write-Key header, or as `writeKey` in
 * the body (analytics.js).
 */
export function createWriteKeyCheck(keys: ReadonlyMap<string, string>) {
  return function writeKeyId(req: Request, bodyKey?: unknown): string {
    const key = headerKey(req) ?? (typeof bodyKey === 'string' ? bodyKey : undefined);
    if (!key)
      throw new HttpError(
        401,
        'missing_write_key',
        'send the write key as the Basic-auth username or an X-Write-Key header',
      );
    const id = keys.get(key);
    if (!id) throw new HttpError(401, 'invalid_write_key', 'the write key is not known');
    return id;
  };
}

export function headerKey(req: Request): string | undefined {
  const auth = req.headers.get('authorization');
  if (auth?.toLowerCase().startsWith('basic ')) {
    const decoded = Buffer.from(auth.slice(6).trim(), 'base64').toString('utf8');
    const user = decoded.split(':')[0];
    if (user) return user;
  }
  return req.headers.get('x-write-key') ?? undefined;
}
