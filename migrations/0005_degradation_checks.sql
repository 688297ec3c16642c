CREATE TABLE `degradation_checks` (
	`tuple_id` integer PRIMARY KEY NOT NULL,
	`inv_count` integer NOT NULL,
	`params` text NOT NULL,
	`verdict` text NOT NULL,
	`checked_at` text NOT NULL,
	FOREIGN KEY (`tuple_id`) REFERENCES `q_values`(`id`) ON UPDATE no action ON DELETE no action
);
