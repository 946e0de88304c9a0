// The Management API's OpenAPI documents are valid OpenAPI 3.0 (the version Logto's declare), as
// a well-kept validator judges them: the official schema plus the specification's own rules.
import SwaggerParser from '@apidevtools/swagger-parser';
import { toOpenApi30Schema } from '@idp/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestStack, type TestStack } from './test-stack.ts';

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
});
afterAll(async () => stack?.stop());

const validate = (document: unknown) => SwaggerParser.validate(structuredClone(document) as never);

describe('OpenAPI documents of the Management API', () => {
  it('are valid OpenAPI 3.0.1 at both paths, on the user and the admin endpoint alike', async () => {
    const documents: unknown[] = [];
    for (const base of [stack.userUrl, stack.adminUrl]) {
      for (const path of ['/api/swagger.json', '/api/.well-known/management.openapi.json']) {
        const response = await fetch(`${base}${path}`);
        expect(response.status, `${base}${path}`).toBe(200);
        const document = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
        expect(document.openapi).toBe('3.0.1');
        expect(Object.keys(document.paths).length).toBeGreaterThan(50);
        await expect(validate(document), `${base}${path}`).resolves.toBeDefined();
        documents.push(document);
      }
    }
    // One API, one description, wherever it is asked for.
    for (const document of documents) expect(document).toEqual(documents[0]);
  });

  it('use no JSON Schema keyword OpenAPI 3.0 lacks', async () => {
    const text = await (await fetch(`${stack.userUrl}/api/swagger.json`)).text();
    for (const keyword of ['"const"', '"patternProperties"', '"prefixItems"', '"$defs"', '"type":["', '"type":"null"']) {
      expect(text, keyword).not.toContain(keyword);
    }
  });

  it("leave out the console's /api/me routes, as Logto's do", async () => {
    const document = (await (await fetch(`${stack.adminUrl}/api/swagger.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path === '/api/me' || path.startsWith('/api/me/'))).toEqual([]);
  });
});

describe('toOpenApi30Schema', () => {
  it('rewrites 2020-12 keywords into their 3.0 forms', () => {
    expect(toOpenApi30Schema({ type: 'string', const: 'SignIn' })).toEqual({ type: 'string', enum: ['SignIn'] });
    expect(toOpenApi30Schema({ anyOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }], description: 'd' })).toEqual({
      type: 'string',
      maxLength: 3,
      nullable: true,
      description: 'd',
    });
    expect(toOpenApi30Schema({ type: ['integer', 'null'] })).toEqual({ type: 'integer', nullable: true });
    expect(
      toOpenApi30Schema({
        anyOf: [
          { type: 'string', const: 'a' },
          { type: 'string', const: 'b' },
        ],
      }),
    ).toEqual({ type: 'string', enum: ['a', 'b'] });
    expect(toOpenApi30Schema({ type: 'object', patternProperties: { '^.*$': { type: 'string' } } })).toEqual({
      type: 'object',
      additionalProperties: { type: 'string' },
    });
    expect(toOpenApi30Schema({ type: 'number', exclusiveMinimum: 0 })).toEqual({ type: 'number', minimum: 0, exclusiveMinimum: true });
    expect(toOpenApi30Schema({ type: 'array', prefixItems: [{ type: 'string' }, { type: 'number' }] })).toEqual({
      type: 'array',
      items: { anyOf: [{ type: 'string' }, { type: 'number' }] },
    });
    expect(toOpenApi30Schema({ type: 'object', required: [], properties: { a: { type: 'undefined' } }, $id: 'x' })).toEqual({
      type: 'object',
      properties: { a: {} },
    });
  });

  it('gives schemas a validator accepts inside an OpenAPI 3.0 document', async () => {
    const schemas = [
      {
        type: 'object',
        required: ['a'],
        properties: { a: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
        additionalProperties: false,
      },
      { type: 'object', patternProperties: { '^a': { type: 'string' }, '^b': { type: 'number' } } },
      { anyOf: [{ type: 'string' }, { type: 'object', patternProperties: { '^.*$': { type: 'string' } } }] },
      { type: 'null' },
      { type: ['string', 'number', 'null'] },
    ];
    const document = {
      openapi: '3.0.1',
      info: { title: 'schemas', version: '1' },
      paths: Object.fromEntries(
        schemas.map((schema, index) => [
          `/s${index}`,
          {
            get: {
              responses: { 200: { description: 'ok', content: { 'application/json': { schema: toOpenApi30Schema(schema) } } } },
            },
          },
        ]),
      ),
    };
    await expect(validate(document)).resolves.toBeDefined();
  });
});
