-- The WaltzRL stage history is append-only, like audit_log and rollbacks.
CREATE TRIGGER waltzrl_stage_events_no_update BEFORE UPDATE ON waltzrl_stage_events BEGIN SELECT RAISE(ABORT, 'waltzrl_stage_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER waltzrl_stage_events_no_delete BEFORE DELETE ON waltzrl_stage_events BEGIN SELECT RAISE(ABORT, 'waltzrl_stage_events is append-only'); END;
