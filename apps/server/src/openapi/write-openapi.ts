/**
 * `npm run openapi:write`: writes each service's OpenAPI document to docs/openapi/<service>.json
 * and its openapi-typescript types beside the end-to-end tests, from the running code (the DTO and
 * view classes and the route decorators). With `--check` it writes nothing and lists the committed
 * files that differ (a test runs it: CI fails while they are stale).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOpenApiDocuments, renderOpenApiFiles, workspaceRoot } from './openapi-files';

async function main(check: boolean): Promise<void> {
  const files = await renderOpenApiFiles(await buildOpenApiDocuments());
  const stale = [...files].filter(([relativePath, content]) => {
    const target = path.join(workspaceRoot, relativePath);
    return !fs.existsSync(target) || fs.readFileSync(target, 'utf8') !== content;
  });
  if (check) {
    process.stdout.write(
      `${JSON.stringify({ files: [...files.keys()], stale: stale.map(([p]) => p) })}\n`,
    );
    return;
  }
  for (const [relativePath, content] of stale) {
    const target = path.join(workspaceRoot, relativePath);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
  }
  process.stdout.write(
    `${JSON.stringify({ msg: 'openapi written', files: files.size, changed: stale.map(([p]) => p) })}\n`,
  );
}

main(process.argv.includes('--check')).catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
