export * from './followers.http.controller';
