import Ajv2020, { ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Response } from 'supertest';
import { parse } from 'yaml';

/**
 * The OpenAPI contract in tests: `expectToMatchSpec(res, 'get', '/v1/golden/{goldenId}')` fails
 * unless openapi.yaml declares that operation, the response's status (or its `default`), its
 * content type, its required headers, and unless the body validates against the declared schema
 * (JSON Schema 2020-12, as OpenAPI 3.1 uses; $refs into components are resolved by Ajv).
 *
 * Conventions for streamed bodies: for `application/x-ndjson` the schema describes one line and
 * every line is checked; `text/*` bodies are checked as one string. Buffer such responses in
 * supertest (`.buffer(true).parse(textBody)`) so the text reaches the helper.
 */
export const SPEC_PATH = path.resolve(__dirname, '../../openapi.yaml');
const SPEC_ID = 'openapi.yaml';

interface Operation {
  responses?: Record<string, ResponseObject>;
}

interface ResponseObject {
  $ref?: string;
  content?: Record<string, { schema?: unknown }>;
  headers?: Record<string, { required?: boolean; schema?: unknown }>;
}

type Spec = {
  paths: Record<string, Record<string, Operation>>;
  components?: Record<string, Record<string, unknown>>;
} & Record<string, unknown>;

let cached: { spec: Spec; ajv: Ajv2020; validators: Map<string, ValidateFunction> } | undefined;

function contract(): NonNullable<typeof cached> {
  if (!cached) {
    const spec = parse(readFileSync(SPEC_PATH, 'utf8')) as Spec;
    // strict: false lets OpenAPI's own keywords (example, discriminator, ...) pass through schemas.
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    ajv.addSchema({ ...spec, $id: SPEC_ID });
    cached = { spec, ajv, validators: new Map() };
  }
  return cached;
}

/** JSON Pointer escaping of one path segment (RFC 6901). */
const pointer = (segment: string): string => segment.replace(/~/g, '~0').replace(/\//g, '~1');

function resolveResponse(spec: Spec, response: ResponseObject): [ResponseObject, string] {
  if (!response.$ref) return [response, ''];
  const name = response.$ref.replace('#/components/responses/', '');
  const target = spec.components?.responses?.[name] as ResponseObject | undefined;
  if (!target) throw new Error(`openapi.yaml: unresolved ${response.$ref}`);
  return [target, `/components/responses/${pointer(name)}`];
}

function validatorFor(ref: string): ValidateFunction {
  const c = contract();
  let v = c.validators.get(ref);
  if (!v) {
    v = c.ajv.compile({ $ref: `${SPEC_ID}#${ref}` });
    c.validators.set(ref, v);
  }
  return v;
}

function templateRegExp(template: string): RegExp {
  const source = template
    .split(/\{[^}]+\}/)
    .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('[^/]+');
  return new RegExp(`^${source}(\\?.*)?$`);
}

function fail(what: string, detail: unknown): never {
  throw new Error(`${what}\n${typeof detail === 'string' ? detail : JSON.stringify(detail, null, 2)}`);
}

/** Throws (failing the test) unless `res` is a response that openapi.yaml allows for the operation. */
export function expectToMatchSpec(res: Response, method: string, pathTemplate: string): void {
  const { spec } = contract();
  const m = method.toLowerCase();
  const label = `${m.toUpperCase()} ${pathTemplate} → ${res.status}`;
  const operation = spec.paths?.[pathTemplate]?.[m];
  if (!operation) fail(`openapi.yaml has no operation ${m.toUpperCase()} ${pathTemplate}`, '');
  // Guard against checking a response against the wrong operation.
  const req = (res as unknown as { req?: { method?: string; path?: string } }).req;
  if (req?.method && req.method.toLowerCase() !== m) fail(`${label}: the request was ${req.method}`, '');
  if (req?.path && !templateRegExp(pathTemplate).test(req.path))
    fail(`${label}: ${req.path} is not ${pathTemplate}`, '');

  const statusKey = [String(res.status), `${String(res.status)[0]}XX`, 'default'].find(
    (k) => operation.responses?.[k] !== undefined,
  );
  if (!statusKey) fail(`${label}: status ${res.status} is not declared`, res.body);
  const [response, base] = resolveResponse(spec, operation.responses![statusKey]);
  const responsePointer = base || `/paths/${pointer(pathTemplate)}/${m}/responses/${statusKey}`;

  for (const [name, header] of Object.entries(response.headers ?? {})) {
    if (header.required && res.headers[name.toLowerCase()] === undefined)
      fail(`${label}: header ${name} is missing`, '');
  }
  const contentType = String(res.headers['content-type'] ?? '')
    .split(';')[0]
    .trim();
  if (!response.content) {
    if (res.text) fail(`${label}: the spec declares no body, got ${contentType}`, res.text);
    return;
  }
  if (!response.content[contentType])
    fail(
      `${label}: content type "${contentType}" is not one of ${Object.keys(response.content).join(', ')}`,
      '',
    );
  const validate = validatorFor(`${responsePointer}/content/${pointer(contentType)}/schema`);
  const check = (value: unknown, where: string): void => {
    if (!validate(value))
      fail(`${label}: ${where} does not match openapi.yaml`, { errors: validate.errors, value });
  };
  if (contentType === 'application/json') return check(res.body, 'the body');
  if (contentType === 'application/vnd.apache.parquet') {
    // A binary body (buffer it with .buffer(true).parse(binaryBody)): a whole Parquet file starts
    // and ends with the magic bytes PAR1.
    const body = res.body as unknown;
    if (!Buffer.isBuffer(body)) fail(`${label}: the body was not buffered as bytes (use binaryBody)`, '');
    if (body.subarray(0, 4).toString() !== 'PAR1' || body.subarray(-4).toString() !== 'PAR1')
      fail(`${label}: the body is not a complete Parquet file`, '');
    return;
  }
  const text = textOf(res);
  if (text === undefined)
    fail(`${label}: the body was not buffered as text (use .buffer(true).parse(textBody))`, '');
  if (contentType === 'application/x-ndjson') {
    text
      .split('\n')
      .filter((line) => line !== '')
      .forEach((line, i) => check(JSON.parse(line), `line ${i + 1}`));
    return;
  }
  check(text, 'the body');
}

/** The body as text: supertest's own text, or the string a `textBody` parser produced. */
export function textOf(res: Response): string | undefined {
  if (typeof res.text === 'string') return res.text;
  if (typeof res.body === 'string') return res.body;
  return Buffer.isBuffer(res.body) ? res.body.toString('utf8') : undefined;
}

/** A supertest parser that keeps any body as text (for ndjson and CSV responses): `.buffer(true).parse(textBody)`. */
export function textBody(res: unknown, callback: (err: Error | null, body: string) => void): void {
  // superagent hands parsers the raw response stream; its typings call it a Response.
  const stream = res as NodeJS.ReadableStream;
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => (text += chunk));
  stream.on('end', () => callback(null, text));
  stream.on('error', (e: Error) => callback(e, text));
}

/** A supertest parser that keeps a binary body (Parquet) as one Buffer in `res.body`. */
export function binaryBody(res: unknown, callback: (err: Error | null, body: Buffer) => void): void {
  const stream = res as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
  stream.on('error', (e: Error) => callback(e, Buffer.alloc(0)));
}
