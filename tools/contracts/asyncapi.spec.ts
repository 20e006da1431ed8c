import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { auditMessageCatalog, eventCatalog, notificationMessageCatalog } from '@billing/contracts';
import { auditTopic, billingContexts, contextTopic, notificationsTopic } from '@billing/messaging';

jest.setTimeout(120_000);

interface ParserSummary {
  errors: number;
  warnings: number;
  diagnostics: Array<{ severity: number; code: string; message: string; path: string }>;
  channels: string[];
  messages: number;
  operations: string[];
}

describe('docs/asyncapi.yaml', () => {
  it('is a valid AsyncAPI 3 document with a channel per context topic and a message per event type', async () => {
    // Plain Node, not Jest: the parser's dependency tree mixes ES modules that Jest's runtime refuses.
    const script = path.join(__dirname, 'validate-asyncapi.js');
    const { stdout } = await promisify(execFile)(process.execPath, [script], { timeout: 100_000 });
    const summary = JSON.parse(stdout.trim().split('\n').pop() ?? '{}') as ParserSummary;

    expect(summary.diagnostics.filter((d) => d.severity <= 1)).toEqual([]);
    expect(summary.errors).toBe(0);
    expect(summary.channels).toEqual([
      ...billingContexts.map(contextTopic),
      auditTopic,
      notificationsTopic,
    ]);
    expect(summary.messages).toBe(
      eventCatalog.length + auditMessageCatalog.length + notificationMessageCatalog.length,
    );
    expect(summary.operations).toEqual([
      'receiveInvoicingEvents',
      'receivePaymentsEvents',
      'receiveCollectionsEvents',
      'receiveDisputesEvents',
      'receiveAuditEvents',
      'receiveNotificationsEvents',
    ]);
  });
});
