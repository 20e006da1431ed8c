// Validates docs/asyncapi.yaml with the official AsyncAPI parser and prints one JSON line:
// { errors, warnings, diagnostics, channels, messages, operations }. A child process of the
// AsyncAPI test, because the parser's ESM-heavy dependency tree does not load under Jest's runtime.
const { readFileSync } = require('node:fs');
const path = require('node:path');
const { Parser } = require('@asyncapi/parser');

async function main() {
  const file = process.argv[2] ?? path.resolve(__dirname, '../../docs/asyncapi.yaml');
  const parser = new Parser();
  const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'), {
    source: file,
  });
  const errors = diagnostics.filter((d) => d.severity === 0);
  const summary = {
    errors: errors.length,
    warnings: diagnostics.filter((d) => d.severity === 1).length,
    diagnostics: diagnostics.map((d) => ({
      severity: d.severity,
      code: d.code,
      message: d.message,
      path: d.path.join('.'),
    })),
    channels: document
      ? document
          .channels()
          .all()
          .map((c) => c.address())
      : [],
    messages: document ? document.messages().all().length : 0,
    operations: document
      ? document
          .operations()
          .all()
          .map((o) => o.id())
      : [],
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
}

main().catch((error) => {
  process.stdout.write(`${JSON.stringify({ crashed: String(error && error.stack) })}\n`);
  process.exitCode = 1;
});
