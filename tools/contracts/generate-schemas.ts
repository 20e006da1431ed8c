/**
 * Writes the JSON Schema of every published event type (libs/contracts/schemas) and the AsyncAPI
 * document (docs/asyncapi.yaml) from the TypeScript contracts. Run `npm run contracts:generate`
 * after changing libs/contracts; a test fails while the committed files are stale.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateContractFiles, isSupersededSchema, workspaceRoot } from './generated-files';

const schemasDir = path.join(workspaceRoot, 'libs/contracts/schemas');

function main(): void {
  const { schemas, contents } = generateContractFiles();
  // A type removed from the catalog loses its file; an older version of a current type keeps it.
  const existing = existsSync(schemasDir)
    ? readdirSync(schemasDir).flatMap((context) =>
        readdirSync(path.join(schemasDir, context)).map(
          (name) => `libs/contracts/schemas/${context}/${name}`,
        ),
      )
    : [];
  for (const relativePath of existing) {
    if (!contents.has(relativePath) && !isSupersededSchema(relativePath, schemas)) {
      rmSync(path.join(workspaceRoot, relativePath));
    }
  }
  for (const [relativePath, content] of contents) {
    const target = path.join(workspaceRoot, relativePath);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  process.stdout.write(`${JSON.stringify({ msg: 'contracts generated', files: contents.size })}\n`);
}

main();
