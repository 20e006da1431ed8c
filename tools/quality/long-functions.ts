// Lists every function in apps/*/src and libs/**/src longer than 70 lines (TigerStyle's limit,
// docs: style guide), counted from its first line to its last, and exits 1 if there is any.
// Functions are declarations, methods, constructors, accessors, arrow functions and function
// expressions; a function nested in another is measured on its own and also counts toward its
// parent. Specs are left out: a describe block is a list of cases, not a function to split.
// Usage: node -r @swc-node/register tools/quality/long-functions.ts [--all]
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const linesMax = 70;
const root = path.resolve(__dirname, '../..');

// Not split yet. Each entry is a debt to pay down, never a place to add a new long function; the
// list only shrinks (issue 17, point 7).
const notYetSplit: readonly string[] = [
  'libs/messaging/src/consumer/idempotent-consumer.ts',
  'libs/collections/domain/src/collection-case/collection-case.state.ts',
  'libs/collections/service/src/integration/invoicing-events.process.ts',
  'libs/platform/src/bootstrap/run-standalone-service.ts',
  'libs/ledger/domain/src/journal/posting-rules.ts',
  'apps/server/src/embedded-system.ts',
  'libs/messaging/src/relay/relay.ts',
  'libs/event-store/src/subscription/catch-up.subscription.ts',
  'libs/platform/src/errors/problem.mapper.ts',
  'apps/cli/src/commands/replay/replay.format.ts',
  'libs/read-models/src/projection.ts',
  'libs/event-store/src/integrity/verify.ts',
  'libs/messaging/src/in-process/in-process-bus.ts',
  'libs/ledger/service/src/core/rebuild/rebuild-ledger-projections.ts',
  'libs/invoicing/service/src/invoices/commands/issue-credit-note/issue-credit-note.http.controller.ts',
  'libs/platform/src/bootstrap/platform.module.ts',
  'libs/payments/domain/src/payment/chargeback.ts',
  'apps/console/src/views/dispute-form.tsx',
  'libs/service-testing/src/start-service-test-app.ts',
  'libs/ledger/domain/src/audit-trail/audit-trail.projection.ts',
];

interface LongFunction {
  file: string;
  line: number;
  name: string;
  lines: number;
}

function sourceFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(full);
    const isSource = /\.tsx?$/.test(entry.name) && !/\.(spec|d)\.tsx?$/.test(entry.name);
    return isSource ? [full] : [];
  });
}

/** Every `src` folder of a project under apps/ or libs/ (libs nest one level: libs/ledger/domain). */
function sourceRoots(): string[] {
  const roots: string[] = [];
  for (const top of ['apps', 'libs']) {
    const topDir = path.join(root, top);
    for (const project of fs.readdirSync(topDir, { withFileTypes: true })) {
      if (!project.isDirectory()) continue;
      const projectDir = path.join(topDir, project.name);
      if (fs.existsSync(path.join(projectDir, 'src'))) roots.push(path.join(projectDir, 'src'));
      for (const inner of fs.readdirSync(projectDir, { withFileTypes: true })) {
        const innerSrc = path.join(projectDir, inner.name, 'src');
        if (inner.isDirectory() && inner.name !== 'src' && fs.existsSync(innerSrc)) {
          roots.push(innerSrc);
        }
      }
    }
  }
  return roots;
}

function isFunction(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return (
    ts.isFunctionDeclaration(node) ||
    ts.isMethodDeclaration(node) ||
    ts.isConstructorDeclaration(node) ||
    ts.isGetAccessorDeclaration(node) ||
    ts.isSetAccessorDeclaration(node) ||
    ts.isArrowFunction(node) ||
    ts.isFunctionExpression(node)
  );
}

/** A readable name: its own, or the variable, property or call it is the value or argument of. */
function nameOf(node: ts.FunctionLikeDeclaration): string {
  if (node.name) return node.name.getText();
  if (ts.isConstructorDeclaration(node)) return 'constructor';
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) {
    return parent.name.getText();
  }
  if (ts.isCallExpression(parent)) return `(callback of ${parent.expression.getText()})`;
  return '(anonymous)';
}

function longFunctionsIn(file: string): LongFunction[] {
  const text = fs.readFileSync(file, 'utf8');
  const kind = file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, kind);
  const found: LongFunction[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunction(node) && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const lines = last - first + 1;
      if (lines > linesMax) {
        const relative = path.relative(root, file);
        found.push({ file: relative, line: first + 1, name: nameOf(node), lines });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function main(): void {
  const showAll = process.argv.includes('--all');
  const found = sourceRoots().flatMap(sourceFiles).flatMap(longFunctionsIn);
  const isAllowed = (f: LongFunction): boolean => notYetSplit.some((a) => f.file.startsWith(a));
  const failing = found.filter((f) => !isAllowed(f));
  const listed = showAll ? found : failing;
  for (const f of listed.sort((a, b) => b.lines - a.lines)) {
    const note = isAllowed(f) ? ' (not split yet)' : '';
    console.log(`${f.lines} lines  ${f.file}:${f.line}  ${f.name}${note}`);
  }
  const summary = `${failing.length} function(s) over ${linesMax} lines`;
  const allowedCount = found.length - failing.length;
  console.log(`${summary}, ${allowedCount} more in files not split yet (--all lists them)`);
  process.exit(failing.length === 0 ? 0 : 1);
}

main();
