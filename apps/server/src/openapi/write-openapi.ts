/**
 * `npm run openapi:write`: writes each service's OpenAPI document to docs/openapi/<service>.json
 * and its openapi-typescript types beside the end-to-end tests, from the running code (the DTO and
 * view classes and the route decorators). A test fails while the committed files differ.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOpenApiDocuments, renderOpenApiFiles, workspaceRoot } from './openapi-files';

async function main(): Promise<void> {
  const files = await renderOpenApiFiles(await buildOpenApiDocuments());
  for (const [relativePath, content] of files) {
    const target = path.join(workspaceRoot, relativePath);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  process.stdout.write(`${JSON.stringify({ msg: 'openapi written', files: [...files.keys()] })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
