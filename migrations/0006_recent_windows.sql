CREATE TABLE `recent_windows` (
	`tuple_id` integer PRIMARY KEY NOT NULL,
	`entries` blob NOT NULL,
	FOREIGN KEY (`tuple_id`) REFERENCES `q_values`(`id`) ON UPDATE no action ON DELETE no action
);
