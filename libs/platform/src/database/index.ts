export * from './database-roles';
export {
  provisionDatabase,
  type ProvisionDatabaseOptions,
  type ProvisionedDatabase,
} from './provision-database';
export { handOverSchema } from './schema-ownership';
export { prepareServiceSchema } from './prepare-service-schema';
