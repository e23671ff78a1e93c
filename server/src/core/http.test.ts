import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/app.ts';
import { maxHeaderSize, maxUrlLength } from './http.ts';

/*
 * Answers given before a route is found, or before Fastify sees a request at all, over a real
 * socket: app.inject() never meets Node's HTTP parser.
 */
let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await createTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  port = (t.app.server.address() as { port: number }).port;
});
afterAll(() => t.close());

interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** Sends bytes as they are and reads the answer until the server closes the connection. */
function send(request: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.write(request));
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n', 2);
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const headers = Object.fromEntries(
        headerLines.map((line) => {
          const colon = line.indexOf(':');
          return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
        }),
      );
      resolve({ status: Number(statusLine.split(' ')[1]), headers, body });
    });
  });
}

function get(target: string, headers: string[] = ['Host: localhost']) {
  return send(`GET ${target} HTTP/1.1\r\n${[...headers, 'Connection: close'].join('\r\n')}\r\n\r\n`);
}

function expectProblem(response: RawResponse, status: number, code: string) {
  expect(response.status, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const problem = JSON.parse(response.body) as { status: number; code: string; title: string; type: string };
  expect(problem).toMatchObject({ status, code });
  expect(problem.title).not.toBe('');
  expect(problem.type).toBe(`https://atrium.dev/problems/${code.replaceAll('.', '/')}`);
  return problem;
}

describe('before routing', () => {
  it('answers a request that passes every check as usual', async () => {
    const response = await get('/healthz');
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toEqual({ status: 'ok' });
  });

  it('answers 400 problem+json to a path that is not valid percent-encoding', async () => {
    for (const target of ['/api/v1/customers/%E0%A4%A', '/api/v1/customers/%ZZ/360']) {
      const problem = expectProblem(await get(target), 400, 'request.malformed_url');
      expect(problem).toMatchObject({ errors: [{ path: 'url' }] });
    }
  });

  it('answers 400 problem+json to a path parameter longer than the router takes', async () => {
    expectProblem(await get(`/api/v1/customers/${'a'.repeat(300)}`), 400, 'request.invalid');
  });

  it(`answers 414 problem+json to a request target longer than ${maxUrlLength} bytes`, async () => {
    const justUnder = `/api/v1/customers?q=${'a'.repeat(maxUrlLength - 20)}`;
    expect(justUnder.length).toBe(maxUrlLength);
    // Under the limit the request goes on: no credentials, so 401.
    expectProblem(await get(justUnder), 401, 'auth.unauthenticated');
    expectProblem(await get(`${justUnder}a`), 414, 'request.uri_too_long');
    // In the path, where the router would refuse the parameter first.
    expectProblem(await get(`/api/v1/customers/${'a'.repeat(maxUrlLength)}`), 414, 'request.uri_too_long');
    // Past what Node's parser reads of a request head: refused by the parser, still 414.
    expectProblem(
      await get(`/api/v1/customers?q=${'a'.repeat(2 * maxHeaderSize)}`),
      414,
      'request.uri_too_long',
    );
  });

  it(`answers 431 problem+json to headers longer than ${maxHeaderSize} bytes`, async () => {
    const response = await get('/api/v1/customers', [
      'Host: localhost',
      `X-Filler: ${'a'.repeat(maxHeaderSize)}`,
    ]);
    expectProblem(response, 431, 'request.headers_too_large');
  });

  it('answers 400 problem+json to what is not HTTP', async () => {
    expectProblem(await send('HELLO THERE\r\n\r\n'), 400, 'request.malformed');
    expectProblem(
      await send(
        'GET /healthz HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      ),
      400,
      'request.malformed',
    );
  });

  it('answers 400 problem+json to an HTTP/1.1 request without a Host', async () => {
    const problem = expectProblem(await get('/healthz', []), 400, 'request.missing_host');
    expect(problem).toMatchObject({ errors: [{ path: 'host', in: 'headers' }] });
    // HTTP/1.0 had no Host header.
    expect((await send('GET /healthz HTTP/1.0\r\n\r\n')).status).toBe(200);
  });

  it('answers 417 problem+json to an expectation other than 100-continue', async () => {
    expectProblem(
      await get('/healthz', ['Host: localhost', 'Expect: 42-foo']),
      417,
      'request.expectation_failed',
    );
  });

  it('answers 404 problem+json to an unknown route', async () => {
    expectProblem(await get('/nothing-here'), 404, 'route.not_found');
  });
});
