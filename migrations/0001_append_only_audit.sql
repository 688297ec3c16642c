-- Audit tables are append-only: the store refuses UPDATE and DELETE on them.
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER rollbacks_no_update BEFORE UPDATE ON rollbacks BEGIN SELECT RAISE(ABORT, 'rollbacks is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER rollbacks_no_delete BEFORE DELETE ON rollbacks BEGIN SELECT RAISE(ABORT, 'rollbacks is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER proposal_events_no_update BEFORE UPDATE ON proposal_events BEGIN SELECT RAISE(ABORT, 'proposal_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER proposal_events_no_delete BEFORE DELETE ON proposal_events BEGIN SELECT RAISE(ABORT, 'proposal_events is append-only'); END;
