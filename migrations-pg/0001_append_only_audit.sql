-- Audit tables are append-only: the store refuses UPDATE, DELETE and TRUNCATE on them (as the SQLite triggers do).
--> statement-breakpoint
CREATE FUNCTION crl_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'restrict_violation'; END $$;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION crl_append_only();
--> statement-breakpoint
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION crl_append_only();
--> statement-breakpoint
CREATE TRIGGER rollbacks_append_only BEFORE UPDATE OR DELETE ON rollbacks FOR EACH ROW EXECUTE FUNCTION crl_append_only();
--> statement-breakpoint
CREATE TRIGGER rollbacks_no_truncate BEFORE TRUNCATE ON rollbacks FOR EACH STATEMENT EXECUTE FUNCTION crl_append_only();
--> statement-breakpoint
CREATE TRIGGER proposal_events_append_only BEFORE UPDATE OR DELETE ON proposal_events FOR EACH ROW EXECUTE FUNCTION crl_append_only();
--> statement-breakpoint
CREATE TRIGGER proposal_events_no_truncate BEFORE TRUNCATE ON proposal_events FOR EACH STATEMENT EXECUTE FUNCTION crl_append_only();
--> statement-breakpoint
CREATE TRIGGER waltzrl_stage_events_append_only BEFORE UPDATE OR DELETE ON waltzrl_stage_events FOR EACH ROW EXECUTE FUNCTION crl_append_only();
--> statement-breakpoint
CREATE TRIGGER waltzrl_stage_events_no_truncate BEFORE TRUNCATE ON waltzrl_stage_events FOR EACH STATEMENT EXECUTE FUNCTION crl_append_only();
--> statement-breakpoint
CREATE TRIGGER rollout_events_append_only BEFORE UPDATE OR DELETE ON rollout_events FOR EACH ROW EXECUTE FUNCTION crl_append_only();
--> statement-breakpoint
CREATE TRIGGER rollout_events_no_truncate BEFORE TRUNCATE ON rollout_events FOR EACH STATEMENT EXECUTE FUNCTION crl_append_only();
