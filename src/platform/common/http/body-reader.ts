import type { IncomingMessage } from 'node:http';
import { createGunzip, createInflate, type Gunzip, type Inflate } from 'node:zlib';
import { DomainException } from '../errors/domain.exception';

/** What a route accepts as its body (the @AcceptsBody decorator); routes without one take none. */
export interface BodySpec {
  /** Largest body, in bytes after decompression. */
  limit: number;
  /** `json` always; `yaml` adds the text types matcher configs are posted as. */
  yaml?: boolean;
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json$/;
const YAML_TYPES: ReadonlySet<string> = new Set([
  'text/plain',
  'text/yaml',
  'application/yaml',
  'application/x-yaml',
]);
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Whether the request carries a body at all (RFC 9112: a length or a transfer coding). */
export function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Reads, decompresses, strictly decodes and parses a request body, only ever called once the caller
 * is authenticated and authorised (BodyGuard runs after the other guards): nobody can make the
 * service read or parse a body without a valid key. Every refusal is a 4xx with a code:
 * 415 COMMON.UNSUPPORTED_MEDIA_TYPE (a type, charset or content coding it does not take),
 * 413 COMMON.PAYLOAD_TOO_LARGE, 400 COMMON.INVALID_ENCODING (not UTF-8, corrupt gzip) and
 * 400 COMMON.VALIDATION_FAILED (not JSON). Nothing is ever silently replaced (no U+FFFD).
 */
export async function readBody(req: IncomingMessage, spec: BodySpec): Promise<unknown> {
  if (!hasBody(req)) return undefined;
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim());
  const mediaType = type.toLowerCase();
  const isJson = JSON_TYPE.test(mediaType);
  if (!isJson && !(spec.yaml && YAML_TYPES.has(mediaType))) {
    throw unsupported(
      'Content-Type',
      `Content-Type must be application/json${spec.yaml ? ' or a YAML text type' : ''}, got "${clip(type) || '(none)'}"`,
    );
  }
  for (const param of params) {
    const [name, value = ''] = param.split('=').map((p) => p.trim().toLowerCase());
    if (name === 'charset' && !['utf-8', 'utf8', '"utf-8"'].includes(value))
      throw unsupported('Content-Type', `only the utf-8 charset is accepted, got "${clip(value)}"`);
  }
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > spec.limit) throw tooLarge(spec.limit);
  const bytes = await collect(req, decoder(req.headers['content-encoding']), spec.limit);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new DomainException('COMMON.INVALID_ENCODING', 'the request body is not valid UTF-8', [
      { field: 'body', reason: 'is not valid UTF-8' },
    ]);
  }
  if (!isJson) return text;
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DomainException('COMMON.VALIDATION_FAILED', 'request body is not valid JSON', [
      { field: 'body', reason: e instanceof Error ? e.message : 'not valid JSON' },
    ]);
  }
}

/** The decompressor of a Content-Encoding: identity, gzip and deflate are accepted. */
function decoder(encoding: string | undefined): Gunzip | Inflate | null {
  const coding = (encoding ?? 'identity').trim().toLowerCase();
  if (coding === 'identity' || coding === '') return null;
  if (coding === 'gzip' || coding === 'x-gzip') return createGunzip();
  if (coding === 'deflate') return createInflate();
  throw unsupported(
    'Content-Encoding',
    `Content-Encoding "${clip(coding)}" is not supported (identity, gzip, deflate)`,
  );
}

/** The (decompressed) body, stopping at `limit` bytes: past it the request is refused with 413. */
function collect(req: IncomingMessage, inflate: Gunzip | Inflate | null, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (error: Error | null): void => {
      if (done) return;
      done = true;
      if (error) {
        inflate?.destroy();
        req.unpipe();
        req.resume(); // drain what is left, unparsed, so the answer can be sent
        reject(error);
      } else resolve(Buffer.concat(chunks, size));
    };
    const source: NodeJS.ReadableStream = inflate ? req.pipe(inflate) : req;
    source.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit));
      else if (!done) chunks.push(chunk);
    });
    source.on('end', () => finish(null));
    source.on('error', () =>
      finish(
        new DomainException(
          'COMMON.INVALID_ENCODING',
          'the request body does not match its Content-Encoding',
          [{ field: 'Content-Encoding', reason: 'the body could not be decompressed' }],
        ),
      ),
    );
    req.on('error', () =>
      finish(new DomainException('COMMON.VALIDATION_FAILED', 'the request body was cut short', [])),
    );
    req.on('aborted', () =>
      finish(new DomainException('COMMON.VALIDATION_FAILED', 'the request body was cut short', [])),
    );
  });
}

function unsupported(field: string, message: string): DomainException {
  return new DomainException('COMMON.UNSUPPORTED_MEDIA_TYPE', message, [{ field, reason: message }]);
}

function tooLarge(limit: number): DomainException {
  return new DomainException('COMMON.PAYLOAD_TOO_LARGE', `request body is larger than ${limit} bytes`, [
    { field: 'body', reason: `at most ${limit} bytes on this route` },
  ]);
}

const clip = (s: string): string => s.slice(0, 60);
