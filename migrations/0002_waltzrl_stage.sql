CREATE TABLE `waltzrl_gate_reports` (
	`report_id` text PRIMARY KEY NOT NULL,
	`ts` text NOT NULL,
	`variant_id` text NOT NULL,
	`endpoint_url` text,
	`model` text,
	`dataset_path` text NOT NULL,
	`dataset_digest` text NOT NULL,
	`result` text NOT NULL,
	`n` integer NOT NULL,
	`asr` real,
	`orr` real,
	`ftr` real,
	`reason` text NOT NULL,
	`figures` text NOT NULL,
	`thresholds` text NOT NULL,
	`run_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `waltzrl_gate_reports_variant` ON `waltzrl_gate_reports` (`variant_id`,`ts`);--> statement-breakpoint
CREATE TABLE `waltzrl_rollout` (
	`name` text PRIMARY KEY NOT NULL,
	`status` text NOT NULL,
	`active_variant` text NOT NULL,
	`candidate_variant` text,
	`step_index` integer DEFAULT 0 NOT NULL,
	`step_percent` real DEFAULT 0 NOT NULL,
	`step_started_at` text,
	`promoted_at` text,
	`promoted_by` text,
	`gate_report_id` text,
	`approval_proposal_id` text,
	`last_hold_reason` text,
	`returned_at` text,
	`updated_at` text NOT NULL,
	`version` integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE `waltzrl_stage_events` (
	`event_id` text PRIMARY KEY NOT NULL,
	`ts` text NOT NULL,
	`event_type` text NOT NULL,
	`variant_id` text NOT NULL,
	`from_percent` real,
	`to_percent` real,
	`reason` text NOT NULL,
	`figures` text NOT NULL,
	`triggered_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `waltzrl_stage_events_ts` ON `waltzrl_stage_events` (`ts`);