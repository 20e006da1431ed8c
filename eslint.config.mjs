import nx from '@nx/eslint-plugin';

// Frameworks and I/O that pure code (domain, money, kernel, contracts) must never import.
const infrastructurePackages = [
  '@nestjs/*',
  'kafkajs',
  'pg',
  'pg-*',
  '@electric-sql/*',
  '@kurrent/*',
  '@eventstore/*',
  'express',
  'pino',
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: [
      '**/node_modules',
      '**/dist',
      '**/.nx',
      'infra/kafka/.state',
      '**/jest.config.js',
      'jest.preset.js',
      'jest.sequencer.js',
    ],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            // Dependency direction: apps -> platform/messaging/event-store -> domain -> contracts/money.
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: ['type:util'],
              bannedExternalImports: infrastructurePackages,
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts'],
              bannedExternalImports: infrastructurePackages,
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: ['type:util', 'type:contracts', 'type:domain'],
              bannedExternalImports: infrastructurePackages,
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:contracts',
                'type:data-access',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:platform',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:contracts',
                'type:data-access',
                'type:platform',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:contracts',
                'type:domain',
                'type:data-access',
                'type:platform',
                'type:feature',
              ],
            },
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:contracts',
                'type:data-access',
                'type:platform',
                'type:testing',
              ],
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:contracts',
                'type:domain',
                'type:data-access',
                'type:platform',
                'type:feature',
                'type:testing',
              ],
            },
            // A context's domain sees only its own context and what is shared.
            { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
            {
              sourceTag: 'scope:invoicing',
              onlyDependOnLibsWithTags: ['scope:invoicing', 'scope:shared'],
            },
            {
              sourceTag: 'scope:payments',
              onlyDependOnLibsWithTags: ['scope:payments', 'scope:shared'],
            },
            {
              sourceTag: 'scope:collections',
              onlyDependOnLibsWithTags: ['scope:collections', 'scope:shared'],
            },
            {
              sourceTag: 'scope:disputes',
              onlyDependOnLibsWithTags: ['scope:disputes', 'scope:shared'],
            },
            {
              sourceTag: 'scope:ledger',
              onlyDependOnLibsWithTags: ['scope:ledger', 'scope:shared'],
            },
            // The embedded system (every service in one process) is the one place that mounts them all.
            { sourceTag: 'scope:system', onlyDependOnLibsWithTags: ['*'] },
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
];
