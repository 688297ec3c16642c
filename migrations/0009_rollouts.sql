CREATE TABLE `rollout_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`rollout_id` text NOT NULL,
	`ts` text NOT NULL,
	`event_type` text NOT NULL,
	`agent_name` text NOT NULL,
	`task_type` text NOT NULL,
	`candidate` text NOT NULL,
	`from_percent` integer NOT NULL,
	`to_percent` integer NOT NULL,
	`actor` text NOT NULL,
	`reason` text NOT NULL,
	`figures` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rollout_events_rollout` ON `rollout_events` (`rollout_id`,`id`);--> statement-breakpoint
CREATE INDEX `rollout_events_ts` ON `rollout_events` (`ts`);--> statement-breakpoint
CREATE TABLE `rollouts` (
	`rollout_id` text PRIMARY KEY NOT NULL,
	`agent_name` text NOT NULL,
	`task_type` text NOT NULL,
	`candidate` text NOT NULL,
	`baseline` text,
	`status` text NOT NULL,
	`step_index` integer NOT NULL,
	`step_percent` integer NOT NULL,
	`step_started_at` text NOT NULL,
	`approval` text NOT NULL,
	`approval_proposal_id` text,
	`started_at` text NOT NULL,
	`started_by` text NOT NULL,
	`updated_at` text NOT NULL,
	`ended_at` text,
	`end_reason` text,
	`version` integer NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `rollouts_one_running` ON `rollouts` (`agent_name`,`task_type`) WHERE status = 'running';--> statement-breakpoint
CREATE INDEX `rollouts_agent_started` ON `rollouts` (`agent_name`,`task_type`,`started_at`);--> statement-breakpoint
CREATE TRIGGER rollout_events_no_update BEFORE UPDATE ON rollout_events BEGIN SELECT RAISE(ABORT, 'rollout_events is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER rollout_events_no_delete BEFORE DELETE ON rollout_events BEGIN SELECT RAISE(ABORT, 'rollout_events is append-only'); END;
