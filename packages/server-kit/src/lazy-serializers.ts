import { createRequire } from 'node:module';
import type { FastifyServerOptions } from 'fastify';

type CompilerFactory = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildSerializer']
>;
type Compiler = ReturnType<CompilerFactory>;
type Serialize = ReturnType<Compiler>;

/**
 * Fastify compiles a response serializer (fast-json-stringify generated code) for every status of
 * every route with a response schema when the app starts: most of a service's routes are rarely
 * called, and their serializers were measured at about 7 MB of the Management API's idle heap.
 * This factory hands Fastify serializers that compile on their first response instead, with
 * Fastify's own compiler (loaded from where Fastify resolves it, then too), so what is sent is
 * byte for byte the same.
 */
export const lazySerializerFactory: CompilerFactory = (externalSchemas, options) => {
  let compiler: Compiler | undefined;
  const compile = (route: Parameters<Compiler>[0]) => {
    if (!compiler) {
      const fromFastify = createRequire(import.meta.resolve('fastify'));
      // The module exports a selector that makes Fastify's default factory.
      const selectDefault = fromFastify('@fastify/fast-json-stringify-compiler') as () => CompilerFactory;
      compiler = selectDefault()(externalSchemas, options);
    }
    return compiler(route);
  };
  return (route) => {
    let serialize: Serialize | undefined;
    return (data) => {
      serialize ??= compile(route);
      return serialize(data);
    };
  };
};
