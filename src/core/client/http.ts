import http from 'node:http';
import https from 'node:https';

export interface Reply {
  status: number;
  /** The raw Retry-After header, when the server sent one. */
  retryAfter: string | undefined;
  body: string;
}

const TIMEOUT_MS = 30_000;

/** POSTs over one keep-alive agent, so a steady stream of batches reuses its connections. */
export class HttpClient {
  private readonly agent: http.Agent;
  private readonly transport: typeof http | typeof https;

  /** `base` may carry a path prefix; request paths are appended to it. */
  constructor(
    private readonly base: URL,
    private readonly headers: Record<string, string>,
    maxSockets: number,
  ) {
    const secure = base.protocol === 'https:';
    this.transport = secure ? https : http;
    this.agent = secure
      ? new https.Agent({ keepAlive: true, maxSockets })
      : new http.Agent({ keepAlive: true, maxSockets });
  }

  /** Resolves with any HTTP answer; rejects only when no answer came (network, timeout). */
  post(path: string, body: Buffer, headers: Record<string, string> = {}): Promise<Reply> {
    const url = new URL(`${this.base.href.replace(/\/+$/, '')}${path}`);
    return new Promise((resolve, reject) => {
      const request = this.transport.request(url, {
        method: 'POST',
        agent: this.agent,
        timeout: TIMEOUT_MS,
        headers: { ...this.headers, ...headers, 'Content-Length': String(body.length) },
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      request.on('error', reject);
      request.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          resolve({
            status: response.statusCode ?? 0,
            retryAfter: response.headers['retry-after'],
            body: Buffer.concat(chunks).toString('utf8'),
          });
        });
      });
      request.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
