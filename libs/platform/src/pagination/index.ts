export * from './page-cursor';
export * from './page-query.decorators';
export * from './keyset-page';
