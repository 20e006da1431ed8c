import * as path from 'node:path';
import { createGenerator, type Schema } from 'ts-json-schema-generator';
import {
  auditMessageCatalog,
  eventCatalog,
  notificationMessageCatalog,
  type EventCatalogEntry,
} from '@billing/contracts';

/**
 * A published message type: a domain event of a context, an audit message (billing.audit.v1) or a
 * notification (billing.notifications.v1).
 */
export type SchemaEntry = Omit<EventCatalogEntry, 'context'> & {
  context: EventCatalogEntry['context'] | 'audit' | 'notifications';
};

const workspaceRoot = path.resolve(__dirname, '../..');

const jsonSchemaDialect = 'https://json-schema.org/draft/2020-12/schema';

/** One generated file: the envelope schema of one event type and version. */
export interface EventSchemaFile {
  entry: SchemaEntry;
  /** Workspace-relative path, `libs/contracts/schemas/<context>/<Type>.v<N>.json`. */
  relativePath: string;
  schema: Schema;
}

function schemaIdOf(entry: Pick<SchemaEntry, 'context' | 'type' | 'schemaVersion'>): string {
  return `urn:billing:event:${entry.context}:${entry.type}:v${entry.schemaVersion}`;
}

function schemaPathOf(entry: Pick<SchemaEntry, 'context' | 'type' | 'schemaVersion'>): string {
  return `libs/contracts/schemas/${entry.context}/${entry.type}.v${entry.schemaVersion}.json`;
}

/**
 * The envelope schema of every catalog entry, its `data` generated from the TypeScript interface
 * of the same name. One TypeScript program serves every type, so this takes seconds, not minutes.
 */
export function generateEventSchemas(): EventSchemaFile[] {
  const generator = createGenerator({
    // The events' data interfaces and the store's envelope metadata: nothing else is published.
    path: path.join(
      workspaceRoot,
      'libs/{contracts/src/*.events.ts,contracts/src/audit.messages.ts,contracts/src/notifications.messages.ts,contracts/src/common.ts,event-store/src/port/envelope.ts}',
    ),
    tsconfig: path.join(workspaceRoot, 'tsconfig.base.json'),
    expose: 'export',
    jsDoc: 'extended',
    skipTypeCheck: true,
    sortProps: false,
    // Consumers must ignore fields they do not know (additive changes keep the schema version),
    // so the published schemas do not forbid them.
    additionalProperties: true,
  });
  const metadata = toDraft2020(generator.createSchema('EventMetadata'));
  const entries: SchemaEntry[] = [
    ...eventCatalog,
    ...auditMessageCatalog,
    ...notificationMessageCatalog,
  ];
  return entries.map((entry) => {
    const data = toDraft2020(generator.createSchema(entry.type));
    return {
      entry,
      relativePath: schemaPathOf(entry),
      schema: envelopeSchema(entry, data, metadata),
    };
  });
}

/** The generator writes draft-07 (`definitions`); the published dialect is 2020-12 (`$defs`). */
function toDraft2020(schema: Schema): { root: Schema; defs: Record<string, Schema> } {
  const rewritten = JSON.parse(
    JSON.stringify(schema).replaceAll('"#/definitions/', '"#/$defs/'),
  ) as Schema;
  const { definitions = {}, $ref, $schema: _draft07, ...rest } = rewritten;
  if ($ref === undefined || Object.keys(rest).length > 0)
    throw new Error('expected a top-level $ref');
  return { root: { $ref }, defs: definitions as Record<string, Schema> };
}

function envelopeSchema(
  entry: SchemaEntry,
  data: { root: Schema; defs: Record<string, Schema> },
  metadata: { root: Schema; defs: Record<string, Schema> },
): Schema {
  const categories = entry.streamCategories.map(escapeRegExp).join('|');
  return {
    $schema: jsonSchemaDialect,
    $id: schemaIdOf(entry),
    title: `${entry.type} v${entry.schemaVersion}`,
    description: `${entry.description} Kafka topic billing.${entry.context}.v1, key = ${entry.context === 'audit' ? 'the stream id (globalchain-head)' : 'data.billingAccountId'}.`,
    type: 'object',
    properties: {
      eventId: {
        type: 'string',
        format: 'uuid',
        description: 'Unique per event; de-duplicate on it.',
      },
      type: { const: entry.type },
      schemaVersion: { const: entry.schemaVersion },
      data: data.root,
      metadata: metadata.root,
      occurredAt: { type: 'string', format: 'date-time', description: 'Business time.' },
      streamId: {
        type: 'string',
        pattern: `^(${categories})-.+$`,
        description: '`<category>-<id>` of the stream the event was appended to.',
      },
      streamVersion: {
        type: 'integer',
        minimum: 1,
        description: 'Position in its stream: 1, 2, 3... without gaps.',
      },
      globalPosition: {
        type: 'integer',
        minimum: 0,
        description: "Position in the store's global order: increasing, not contiguous.",
      },
      recordedAt: { type: 'string', format: 'date-time', description: 'Commit time in the store.' },
    },
    required: [
      'eventId',
      'type',
      'schemaVersion',
      'data',
      'metadata',
      'occurredAt',
      'streamId',
      'streamVersion',
      'globalPosition',
      'recordedAt',
    ],
    $defs: { ...metadata.defs, ...data.defs },
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
