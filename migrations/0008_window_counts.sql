ALTER TABLE `q_values` ADD `win_size` integer;--> statement-breakpoint
ALTER TABLE `q_values` ADD `win_inv_count` integer;--> statement-breakpoint
ALTER TABLE `q_values` ADD `win_n` integer;--> statement-breakpoint
ALTER TABLE `q_values` ADD `win_success` integer;--> statement-breakpoint
ALTER TABLE `q_values` ADD `win_errors` integer;--> statement-breakpoint
ALTER TABLE `q_values` ADD `win_reward_sum` real;--> statement-breakpoint
ALTER TABLE `q_values` ADD `win_outcomes` text;