import type { INestApplication, Type } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { describeProblems } from './problem.schema';
import { describeValidatedClasses } from './validated-class-schemas';

export interface OpenApiOptions {
  title: string;
  description?: string;
  version?: string;
  /** Mount prefix of the service, e.g. `invoicing`: docs at `/invoicing/docs`. Empty for root. */
  prefix?: string;
  /** Only these modules' routes go into this document (one document per service). */
  modules?: Type<unknown>[];
}

/** The documents an app serves, by prefix: `npm run openapi:write` writes them to docs/openapi. */
const documentsByApp = new WeakMap<INestApplication, Map<string, OpenAPIObject>>();

/** Serves the service's OpenAPI document at `<prefix>/docs` (UI) and `<prefix>/docs-json`. */
export function setupOpenApi(app: INestApplication, options: OpenApiOptions): void {
  const builder = new DocumentBuilder()
    .setTitle(options.title)
    .setVersion(options.version ?? '1')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    // Paths carry the service's prefix: the server is wherever the document was fetched from.
    .addServer('/', 'The host serving this document')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
    .addSecurityRequirements('bearer');
  if (options.description) builder.setDescription(options.description);
  describeValidatedClasses();
  const document = SwaggerModule.createDocument(app, builder.build(), {
    ...(options.modules ? { include: options.modules } : {}),
    // A route without `@ApiContract` still gets a unique id (its contract names it properly).
    operationIdFactory: (controller: string, method: string) =>
      `${controller.replace(/HttpController$|Controller$/, '')}_${method}`,
  });
  describeProblems(document as unknown as Parameters<typeof describeProblems>[0]);
  const prefix = options.prefix?.replace(/^\/+|\/+$/g, '') ?? '';
  const documents = documentsByApp.get(app) ?? new Map<string, OpenAPIObject>();
  documents.set(prefix, document);
  documentsByApp.set(app, documents);
  const base = prefix ? `${prefix}/docs` : 'docs';
  SwaggerModule.setup(base, app, document, {
    jsonDocumentUrl: `${base}-json`,
    yamlDocumentUrl: `${base}-yaml`,
  });
}

/** The OpenAPI documents `app` serves, by mount prefix (as at `/<prefix>/docs-json`). */
export function openApiDocumentsOf(app: INestApplication): ReadonlyMap<string, OpenAPIObject> {
  return documentsByApp.get(app) ?? new Map();
}
