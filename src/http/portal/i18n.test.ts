import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { FastifyRequest } from 'fastify';

import { defineMessages, hasMessage, resolveLang, t, tParts, withLang } from './i18n.ts';

defineMessages({
  vi: { 'test.greeting': 'Xin chào {name}', 'test.onlyVi': 'Chỉ tiếng Việt' },
  en: { 'test.greeting': 'Hello {name}', 'test.onlyVi': 'Vietnamese only' },
});

function request(parts: { query?: object; body?: object; cookie?: string }): FastifyRequest {
  return {
    query: parts.query ?? {},
    body: parts.body,
    headers: parts.cookie === undefined ? {} : { cookie: parts.cookie },
  } as unknown as FastifyRequest;
}

describe('t', () => {
  it('fills placeholders', () => {
    assert.equal(t('vi', 'test.greeting', { name: 'Lan' }), 'Xin chào Lan');
    assert.equal(t('en', 'test.greeting', { name: '<b>' }), 'Hello <b>');
    assert.equal(t('en', 'test.greeting'), 'Hello {name}');
  });

  it('returns the key when missing', () => {
    assert.equal(t('en', 'test.nowhere'), 'test.nowhere');
    assert.equal(hasMessage('test.nowhere'), false);
    assert.equal(hasMessage('test.greeting'), true);
  });

  it('rejects a conflicting definition', () => {
    assert.throws(
      () =>
        defineMessages({
          vi: { 'test.greeting': 'Khác' },
          en: { 'test.greeting': 'Hello {name}' },
        }),
      /test.greeting \(vi\) is already defined/,
    );
  });

  it('splits around elements', () => {
    const link = { element: 'a' };
    assert.deepEqual(tParts('en', 'test.greeting', { name: link }), ['Hello ', link]);
  });
});

describe('resolveLang', () => {
  it('prefers the query', () => {
    assert.equal(resolveLang(request({ query: { lang: 'en' }, cookie: 'vigil_lang=vi' })), 'en');
  });

  it('reads a posted field', () => {
    assert.equal(resolveLang(request({ body: { lang: 'en' }, cookie: 'vigil_lang=vi' })), 'en');
  });

  it('reads the cookie', () => {
    assert.equal(resolveLang(request({ cookie: 'a=1; vigil_lang=en; b=2' })), 'en');
  });

  it('defaults to Vietnamese', () => {
    assert.equal(resolveLang(request({ query: { lang: 'fr' }, cookie: 'vigil_lang=<x>' })), 'vi');
  });
});

describe('withLang', () => {
  it('keeps other parameters', () => {
    assert.equal(withLang('/check?value=a%26b&lang=vi', 'en'), '/check?value=a%26b&lang=en');
    assert.equal(withLang('/', 'vi'), '/?lang=vi');
  });

  it('stays on this site', () => {
    assert.equal(withLang('//evil.example/x', 'en'), '/x?lang=en');
  });
});
