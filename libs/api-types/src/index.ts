// Each service's openapi-typescript types, one namespace per service (their names overlap).
export type * as collections from './collections';
export type * as disputes from './disputes';
export type * as invoicing from './invoicing';
export type * as ledger from './ledger';
export type * as payments from './payments';
