export * from './auth.decorators';
export * from './auth.guard';
export * from './mint-token';
export * from './roles';
export * from './token-verifier';
export * from './local-secret';
