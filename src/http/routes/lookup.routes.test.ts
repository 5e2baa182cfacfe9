import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';

import { createTestDatabase } from '../../../test/support/database.ts';
import { listValues } from '../../../test/support/factories.ts';
import { type LookupResult, LookupService } from '../../services/lookup.service.ts';
import { buildApp } from '../app.ts';

interface ErrorResponse {
  error: { code: string; message: string; field?: string; requestId: string };
}

describe('GET /api/v1/lookup', async () => {
  const database = await createTestDatabase();
  await listValues(database, ['phish.example'], { source: 'phishtank' });
  const app = await buildApp({ database, lookup: await LookupService.load(database) });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('returns a listed URL', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/lookup',
      query: { value: 'https://secure.phish.example/login' },
    });
    const body = response.json<LookupResult>();

    assert.equal(response.statusCode, 200);
    assert.equal(body.kind, 'url');
    assert.equal(body.canonical, 'https://secure.phish.example/login');
    assert.equal(body.listed, true);
    assert.equal(body.category, 'phishing');
    assert.equal(body.matches[0]?.match, 'registrable_domain');
    assert.equal(body.sources[0]?.name, 'phishtank');
  });

  it('returns not listed as 200', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/lookup?value=good.example',
      headers: { 'x-request-id': 'lookup-7' },
    });

    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['x-request-id'], 'lookup-7');
    assert.equal(response.json<LookupResult>().listed, false);
  });

  it('rejects a missing value', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/lookup',
      headers: { 'x-request-id': 'test-1' },
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['x-request-id'], 'test-1');
    assert.deepEqual(response.json(), {
      error: {
        code: 'INVALID_INPUT',
        message: 'value: is required',
        field: 'value',
        requestId: 'test-1',
      },
    });
  });

  it('rejects an empty value', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/lookup?value=',
      headers: { 'x-request-id': 'test-2' },
    });

    assert.equal(response.statusCode, 400);
    assert.deepEqual(response.json(), {
      error: {
        code: 'INVALID_INPUT',
        message: 'value: must not be empty',
        field: 'value',
        requestId: 'test-2',
      },
    });
  });

  it('rejects an invalid indicator', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/lookup',
      query: { value: 'http://exa mple..' },
    });
    const body = response.json<ErrorResponse>();

    assert.equal(response.statusCode, 400);
    assert.equal(body.error.code, 'INVALID_INDICATOR');
    assert.equal(body.error.field, 'value');
    assert.match(body.error.message, /^value: /);
  });

  it('rejects an oversized value', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/lookup',
      query: { value: `http://a.example/${'x'.repeat(9000)}` },
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<ErrorResponse>().error.code, 'INVALID_INPUT');
    assert.equal(response.json<ErrorResponse>().error.field, 'value');
    assert.equal(
      response.json<ErrorResponse>().error.message,
      'value: must be at most 8192 characters',
    );
  });

  it('rejects script in the value', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/lookup',
      query: { value: '<script>alert(1)</script>' },
    });

    assert.equal(response.statusCode, 400);
    assert.match(response.headers['content-type'] as string, /^application\/json/);
    assert.equal(response.json<ErrorResponse>().error.code, 'INVALID_INDICATOR');
  });

  it('reads fullwidth dots and IDN', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/lookup',
      query: { value: 'https://ｗｗｗ。phish．example/ví-dụ' },
    });
    const body = response.json<LookupResult>();

    assert.equal(response.statusCode, 200);
    assert.equal(body.canonical, 'https://www.phish.example/v%C3%AD-d%E1%BB%A5');
    assert.equal(body.listed, true);
  });

  it('rejects an unknown kind', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/api/v1/lookup?value=a.example&kind=planet',
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.json<ErrorResponse>().error.field, 'kind');
  });
});

describe('service routes', async () => {
  const database = await createTestDatabase();
  const app = await buildApp({ database, lookup: await LookupService.load(database) });
  after(async () => {
    await app.close();
    await database.close();
  });

  it('reports health', async () => {
    const response = await app.inject({ method: 'GET', url: '/healthz' });

    assert.equal(response.statusCode, 200);
    assert.deepEqual(response.json(), { status: 'ok' });
  });

  it('exposes Prometheus metrics', async () => {
    await app.inject({ method: 'GET', url: '/api/v1/lookup?value=a.example' });
    const response = await app.inject({ method: 'GET', url: '/metrics' });

    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/plain/);
    assert.match(response.body, /vigil_lookups_total\{result="not_listed"\} 1/);
    assert.match(response.body, /vigil_http_request_duration_seconds_bucket/);
  });

  it('serves the OpenAPI document', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/json' });
    const document = response.json<{ openapi: string; paths: Record<string, unknown> }>();

    assert.equal(response.statusCode, 200);
    assert.equal(document.openapi.startsWith('3.'), true);
    assert.ok(document.paths['/api/v1/lookup']);
  });

  it('serves the portal at the root', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });

    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /^text\/html/);
  });

  it('serves the docs page', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/docs/' });

    assert.equal(response.statusCode, 200);
    assert.match(response.headers['content-type'] as string, /text\/html/);
  });

  it('answers a malformed path as JSON', async () => {
    const response = await app.inject({
      method: 'GET',
      url: '/%E0%A4%A?value=a.example',
      headers: { 'x-request-id': 'bad-path-1' },
    });

    assert.equal(response.statusCode, 400);
    assert.equal(response.headers['x-request-id'], 'bad-path-1');
    assert.equal(response.json<ErrorResponse>().error.code, 'FST_ERR_BAD_URL');
    assert.equal(response.json<ErrorResponse>().error.requestId, 'bad-path-1');
  });

  it('answers unknown routes as JSON', async () => {
    const response = await app.inject({ method: 'GET', url: '/nope?x=1' });

    assert.equal(response.statusCode, 404);
    assert.equal(response.json<ErrorResponse>().error.code, 'NOT_FOUND');
    assert.equal(response.json<ErrorResponse>().error.message, 'GET /nope: no such route');
  });
});
