/**
 * Writes the JSON Schema of every published event type (libs/contracts/schemas) and the AsyncAPI
 * document (docs/asyncapi.yaml) from the TypeScript contracts. Run `npm run contracts:generate`
 * after changing libs/contracts; a test fails while the committed files are stale.
 */
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateContractFiles, workspaceRoot } from './generated-files';

const schemasDir = path.join(workspaceRoot, 'libs/contracts/schemas');

function main(): void {
  const { contents } = generateContractFiles();
  // Start from an empty folder so a type removed from the catalog loses its file too.
  rmSync(schemasDir, { recursive: true, force: true });
  for (const [relativePath, content] of contents) {
    const target = path.join(workspaceRoot, relativePath);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  const contexts = readdirSync(schemasDir);
  process.stdout.write(
    `${JSON.stringify({ msg: 'contracts generated', files: contents.size, schemaContexts: contexts })}\n`,
  );
}

main();
