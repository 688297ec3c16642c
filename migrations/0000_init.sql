CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`ts` text NOT NULL,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`agent_name` text,
	`task_type` text,
	`variant_id` text,
	`reason` text,
	`details` text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE INDEX `audit_log_agent` ON `audit_log` (`agent_name`,`task_type`,`ts`);--> statement-breakpoint
CREATE TABLE `defaults` (
	`agent_name` text NOT NULL,
	`task_type` text NOT NULL,
	`variant_id` text NOT NULL,
	`updated_at` text NOT NULL,
	`updated_by` text NOT NULL,
	PRIMARY KEY(`agent_name`, `task_type`)
);
--> statement-breakpoint
CREATE TABLE `invocations` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`invocation_id` text NOT NULL,
	`tuple_id` integer NOT NULL,
	`ts` text NOT NULL,
	`outcome` text NOT NULL,
	`reward` real NOT NULL,
	`quality_score` real,
	`error_count` integer,
	`duration_ms` real,
	`metadata` text,
	FOREIGN KEY (`tuple_id`) REFERENCES `q_values`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `invocations_invocation_id` ON `invocations` (`invocation_id`);--> statement-breakpoint
CREATE INDEX `invocations_tuple_ts` ON `invocations` (`tuple_id`,`ts`,`outcome`,`reward`);--> statement-breakpoint
CREATE TABLE `leases` (
	`name` text PRIMARY KEY NOT NULL,
	`holder` text NOT NULL,
	`acquired_at` text NOT NULL,
	`expires_at_ms` integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`file` text NOT NULL,
	`line` text NOT NULL,
	`created_at` text NOT NULL,
	`exported_at` text
);
--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`exported_at`,`id`);--> statement-breakpoint
CREATE TABLE `proposal_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`proposal_id` text NOT NULL,
	`ts` text NOT NULL,
	`actor` text NOT NULL,
	`from_status` text,
	`to_status` text NOT NULL,
	`note` text,
	`details` text DEFAULT '{}' NOT NULL,
	FOREIGN KEY (`proposal_id`) REFERENCES `proposals`(`proposal_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `proposal_events_proposal` ON `proposal_events` (`proposal_id`);--> statement-breakpoint
CREATE TABLE `proposals` (
	`proposal_id` text PRIMARY KEY NOT NULL,
	`ts` text NOT NULL,
	`agent_name` text NOT NULL,
	`task_type` text NOT NULL,
	`proposal_type` text NOT NULL,
	`reasoning` text NOT NULL,
	`confidence` real NOT NULL,
	`supporting_data` text NOT NULL,
	`recommended_modifications` text NOT NULL,
	`status` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `proposals_status` ON `proposals` (`status`,`confidence`);--> statement-breakpoint
CREATE INDEX `proposals_key` ON `proposals` (`agent_name`,`task_type`,`proposal_type`,`status`);--> statement-breakpoint
CREATE TABLE `q_values` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`agent_name` text NOT NULL,
	`task_type` text NOT NULL,
	`variant_id` text NOT NULL,
	`q_value` real DEFAULT 0 NOT NULL,
	`n_visits` integer DEFAULT 0 NOT NULL,
	`inv_count` integer DEFAULT 0 NOT NULL,
	`inv_success` integer DEFAULT 0 NOT NULL,
	`inv_partial` integer DEFAULT 0 NOT NULL,
	`inv_failure` integer DEFAULT 0 NOT NULL,
	`inv_error` integer DEFAULT 0 NOT NULL,
	`reward_sum` real DEFAULT 0 NOT NULL,
	`last_updated` text NOT NULL,
	`convergence_score` real
);
--> statement-breakpoint
CREATE UNIQUE INDEX `q_values_tuple` ON `q_values` (`agent_name`,`task_type`,`variant_id`);--> statement-breakpoint
CREATE TABLE `rollbacks` (
	`rollback_id` text PRIMARY KEY NOT NULL,
	`ts` text NOT NULL,
	`event_type` text NOT NULL,
	`agent_name` text NOT NULL,
	`task_type` text NOT NULL,
	`from_variant` text NOT NULL,
	`to_variant` text,
	`reason` text NOT NULL,
	`degradation_metrics` text NOT NULL,
	`triggered_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `rollbacks_agent_ts` ON `rollbacks` (`agent_name`,`task_type`,`ts`);--> statement-breakpoint
CREATE INDEX `rollbacks_ts` ON `rollbacks` (`ts`);--> statement-breakpoint
CREATE TABLE `variants` (
	`agent_name` text NOT NULL,
	`variant_id` text NOT NULL,
	`status` text DEFAULT 'active' NOT NULL,
	`params` text DEFAULT '{}' NOT NULL,
	`description` text,
	`created_at` text NOT NULL,
	`created_by` text NOT NULL,
	PRIMARY KEY(`agent_name`, `variant_id`)
);
