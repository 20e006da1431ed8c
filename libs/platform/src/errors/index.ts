export * from './problem';
export * from './problem.exception';
export * from './problem.filter';
export * from './problem.mapper';
export * from './request-validation.error';
