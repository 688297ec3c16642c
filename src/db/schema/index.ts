/**
 * The store's schema, one file per feature. Migrations in `migrations/` are generated from this folder by
 * drizzle-kit (`npm run db:generate`); never edit a migration that has been released.
 * Portable on purpose: ISO 8601 text timestamps, text ids, JSON as text.
 */
export * from './learning';
export * from './registry';
export * from './monitor';
export * from './proposals';
export * from './waltzrl';
export * from './safety-gate';
export * from './rollout';
export * from './tokens';
