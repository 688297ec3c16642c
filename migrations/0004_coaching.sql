CREATE TABLE `safety_benchmark_reports` (
	`report_id` text PRIMARY KEY NOT NULL,
	`ts` text NOT NULL,
	`agent_name` text NOT NULL,
	`variant_id` text NOT NULL,
	`cases_source` text NOT NULL,
	`cases_digest` text NOT NULL,
	`responder` text NOT NULL,
	`n` integer NOT NULL,
	`score` real NOT NULL,
	`asr` real,
	`orr` real,
	`errors` integer NOT NULL,
	`per_category` text NOT NULL,
	`results` text NOT NULL,
	`run_by` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `safety_benchmark_reports_variant` ON `safety_benchmark_reports` (`agent_name`,`variant_id`,`ts`);--> statement-breakpoint
CREATE TABLE `waltzrl_coaching_keywords` (
	`keyword` text NOT NULL,
	`session_id` text NOT NULL,
	PRIMARY KEY(`keyword`, `session_id`),
	FOREIGN KEY (`session_id`) REFERENCES `waltzrl_coaching_sessions`(`session_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `waltzrl_coaching_rounds` (
	`session_id` text NOT NULL,
	`round` integer NOT NULL,
	`response` text NOT NULL,
	`unsafe` integer,
	`overrefuse` integer,
	`feedback` text NOT NULL,
	`dir` integer,
	`error` text,
	PRIMARY KEY(`session_id`, `round`),
	FOREIGN KEY (`session_id`) REFERENCES `waltzrl_coaching_sessions`(`session_id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `waltzrl_coaching_sessions` (
	`session_id` text PRIMARY KEY NOT NULL,
	`ts` text NOT NULL,
	`prompt_hash` text NOT NULL,
	`prompt` text NOT NULL,
	`reviewer_variant` text NOT NULL,
	`outcome` text NOT NULL,
	`converged` integer NOT NULL,
	`rounds_used` integer NOT NULL,
	`max_rounds` integer NOT NULL,
	`dir` integer NOT NULL,
	`error` text
);
--> statement-breakpoint
CREATE INDEX `waltzrl_coaching_sessions_hash` ON `waltzrl_coaching_sessions` (`prompt_hash`,`ts`);--> statement-breakpoint
CREATE INDEX `waltzrl_coaching_sessions_ts` ON `waltzrl_coaching_sessions` (`ts`);