/**
 * The PostgreSQL schema: the same tables as ../schema (SQLite), one file per feature, in PostgreSQL types
 * (double precision for real, bytea for blobs, serial ids). Migrations in `migrations-pg/` are generated from
 * this folder by drizzle-kit (`npm run db:generate`); change both folders together and never edit a released
 * migration. Portable on purpose: ISO 8601 text timestamps, text ids, JSON as text.
 */
export * from './learning';
export * from './registry';
export * from './monitor';
export * from './proposals';
export * from './waltzrl';
export * from './safety-gate';
export * from './rollout';
export * from './tokens';
