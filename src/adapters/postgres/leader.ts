import pg from 'pg';
import type { Leadership } from '../../core/ports.js';

/**
 * Leadership by a PostgreSQL session-level advisory lock, held on a connection of its own:
 * the server releases it the moment that connection ends, so a killed holder frees it
 * without any timeout of ours, and a holder whose connection broke learns it on its next
 * check (the `select 1` fails) and stops acting.
 */
export class PgLeadership implements Leadership {
  private client: pg.Client | null = null;
  private held = false;

  constructor(
    private readonly url: string,
    /** The lock's key: one per kind of leader; the database's name is the other half. */
    private readonly key: number,
  ) {}

  async check(): Promise<boolean> {
    try {
      if (!this.client) this.client = await this.connect();
      if (this.held) await this.client.query('select 1');
      else {
        const r = await this.client.query<{ ok: boolean }>(
          'select pg_try_advisory_lock(hashtext(current_database()), $1) as ok',
          [this.key],
        );
        this.held = r.rows[0]?.ok === true;
      }
    } catch {
      await this.drop();
    }
    return this.held;
  }

  async release(): Promise<void> {
    if (this.held)
      await this.client
        ?.query('select pg_advisory_unlock(hashtext(current_database()), $1)', [this.key])
        .catch(() => undefined);
    await this.drop();
  }

  private async connect(): Promise<pg.Client> {
    const client = new pg.Client({
      connectionString: this.url,
      application_name: 'storepulse-leader',
    });
    // A dropped connection surfaces on the next query; without a listener it would crash.
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  private async drop(): Promise<void> {
    this.held = false;
    const c = this.client;
    this.client = null;
    await c?.end().catch(() => undefined);
  }
}
