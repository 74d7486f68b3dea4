import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

const COOKIE = 'storepulse_token';

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/**
 * The optional access token of the dashboard, its API and the admin API. A client sends it
 * as `Authorization: Bearer <token>`; a browser opens any page once with `?token=<token>`,
 * which sets an HttpOnly cookie and redirects to the same page without it.
 */
export function requireToken(token: string): MiddlewareHandler {
  return async (c, next) => {
    if (!token) return next();
    const header = c.req.header('authorization') ?? '';
    const bearer = header.startsWith('Bearer ') ? header.slice(7) : '';
    if (same(bearer, token) || same(getCookie(c, COOKIE) ?? '', token)) return next();
    const given = c.req.query('token');
    if (given !== undefined && same(given, token) && c.req.method === 'GET') {
      setCookie(c, COOKIE, token, { httpOnly: true, sameSite: 'Strict', path: '/' });
      const url = new URL(c.req.url);
      url.searchParams.delete('token');
      return c.redirect(`${url.pathname}${url.search}`);
    }
    const message =
      'an access token is required: Authorization: Bearer <token>, or open the page with ?token=<token>';
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/admin/')) {
      return c.json({ error: { code: 'unauthorized', message } }, 401, {
        'www-authenticate': 'Bearer',
      });
    }
    return c.text(message, 401);
  };
}
