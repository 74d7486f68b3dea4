import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { HttpError } from '../core/errors.js';

const gunzipAsync = promisify(gunzip);

/**
 * Reads a request body up to `limit` bytes (after decompression too), so a client can never
 * make us buffer more than that: the Content-Length is checked first, then the stream.
 */
export async function readBody(req: Request, limit: number): Promise<Buffer> {
  const declared = Number(req.headers.get('content-length') ?? NaN);
  if (declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  if (req.body) {
    for await (const chunk of req.body as unknown as AsyncIterable<Uint8Array>) {
      size += chunk.byteLength;
      if (size > limit) throw tooLarge(limit);
      chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
  }
  const raw = Buffer.concat(chunks, size);
  const encoding = req.headers.get('content-encoding')?.toLowerCase();
  if (!encoding || encoding === 'identity') return raw;
  if (encoding !== 'gzip') {
    throw new HttpError(
      415,
      'unsupported_encoding',
      `content-encoding "${encoding}" is not supported; use gzip or none`,
    );
  }
  try {
    return await gunzipAsync(raw, { maxOutputLength: limit });
  } catch (e) {
    if (e instanceof RangeError || (e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE')
      throw tooLarge(limit);
    throw new HttpError(400, 'bad_gzip', 'the body is not valid gzip');
  }
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'payload_too_large', `the body exceeds ${limit} bytes`);
}
