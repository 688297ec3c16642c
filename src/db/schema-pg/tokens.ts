import { sql } from 'drizzle-orm';
import { index, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';

/**
 * API tokens of `crl serve` (`crl token create|list|revoke`). Only the sha256 of a token is stored, never
 * the token. A name is unique among tokens that are not revoked; a revoked row stays (audit).
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: serial('id').primaryKey(),
    name: text('name').notNull(),
    scope: text('scope', { enum: ['record', 'read', 'admin'] }).notNull(),
    /** Hex sha256 of the token. */
    token_hash: text('token_hash').notNull(),
    created_at: text('created_at').notNull(),
    created_by: text('created_by').notNull(),
    revoked_at: text('revoked_at'),
    revoked_by: text('revoked_by'),
  },
  (t) => [
    uniqueIndex('api_tokens_hash').on(t.token_hash),
    uniqueIndex('api_tokens_active_name').on(t.name).where(sql`revoked_at is null`),
    index('api_tokens_name').on(t.name, t.id),
  ],
);
