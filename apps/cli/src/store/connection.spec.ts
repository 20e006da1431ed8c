import * as path from 'node:path';
import { defaultDataDir, describeConnection, resolveConnection } from './connection';

describe('where the CLI finds the store', () => {
  const url = 'postgres://auditor:secret@db.example:5432/billing';

  it('takes --database-url, then --data-dir, then DATABASE_URL, then DATA_DIR, then .data/', () => {
    expect(resolveConnection({ databaseUrl: url }, {})).toEqual({
      kind: 'postgres',
      databaseUrl: url,
    });
    expect(resolveConnection({ dataDir: 'x' }, { DATABASE_URL: url })).toMatchObject({
      kind: 'embedded',
      pgliteDir: path.resolve('x', 'pglite'),
    });
    expect(resolveConnection({}, { DATABASE_URL: url })).toMatchObject({ kind: 'postgres' });
    expect(resolveConnection({}, { DATA_DIR: '/srv/data' })).toMatchObject({
      pgliteDir: '/srv/data/pglite',
    });
    expect(resolveConnection({}, {})).toMatchObject({ dataDir: defaultDataDir });
  });

  it('refuses both flags at once', () => {
    expect(() => resolveConnection({ databaseUrl: url, dataDir: 'x' }, {})).toThrow('not both');
  });

  it('never shows the password', () => {
    expect(describeConnection(resolveConnection({ databaseUrl: url }, {}))).toBe(
      'PostgreSQL db.example:5432/billing',
    );
  });
});
