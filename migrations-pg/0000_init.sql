CREATE TABLE "invocations" (
	"id" serial PRIMARY KEY NOT NULL,
	"invocation_id" text NOT NULL,
	"tuple_id" integer NOT NULL,
	"ts" text NOT NULL,
	"outcome" text NOT NULL,
	"reward" double precision NOT NULL,
	"quality_score" double precision,
	"error_count" integer,
	"duration_ms" double precision,
	"metadata" text
);
--> statement-breakpoint
CREATE TABLE "q_values" (
	"id" serial PRIMARY KEY NOT NULL,
	"agent_name" text NOT NULL,
	"task_type" text NOT NULL,
	"variant_id" text NOT NULL,
	"q_value" double precision DEFAULT 0 NOT NULL,
	"n_visits" integer DEFAULT 0 NOT NULL,
	"inv_count" integer DEFAULT 0 NOT NULL,
	"inv_success" integer DEFAULT 0 NOT NULL,
	"inv_partial" integer DEFAULT 0 NOT NULL,
	"inv_failure" integer DEFAULT 0 NOT NULL,
	"inv_error" integer DEFAULT 0 NOT NULL,
	"reward_sum" double precision DEFAULT 0 NOT NULL,
	"last_updated" text NOT NULL,
	"convergence_score" double precision,
	"win_size" integer,
	"win_inv_count" integer,
	"win_n" integer,
	"win_success" integer,
	"win_errors" integer,
	"win_reward_sum" double precision,
	"win_outcomes" text
);
--> statement-breakpoint
CREATE TABLE "recent_windows" (
	"tuple_id" integer PRIMARY KEY NOT NULL,
	"entries" "bytea" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "audit_log" (
	"id" serial PRIMARY KEY NOT NULL,
	"ts" text NOT NULL,
	"actor" text NOT NULL,
	"action" text NOT NULL,
	"agent_name" text,
	"task_type" text,
	"variant_id" text,
	"reason" text,
	"details" text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "defaults" (
	"agent_name" text NOT NULL,
	"task_type" text NOT NULL,
	"variant_id" text NOT NULL,
	"updated_at" text NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "defaults_agent_name_task_type_pk" PRIMARY KEY("agent_name","task_type")
);
--> statement-breakpoint
CREATE TABLE "variants" (
	"agent_name" text NOT NULL,
	"variant_id" text NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"params" text DEFAULT '{}' NOT NULL,
	"description" text,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	CONSTRAINT "variants_agent_name_variant_id_pk" PRIMARY KEY("agent_name","variant_id")
);
--> statement-breakpoint
CREATE TABLE "leases" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" text NOT NULL,
	"acquired_at" text NOT NULL,
	"expires_at_ms" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" serial PRIMARY KEY NOT NULL,
	"file" text NOT NULL,
	"line" text NOT NULL,
	"created_at" text NOT NULL,
	"exported_at" text,
	"origin" text
);
--> statement-breakpoint
CREATE TABLE "rollbacks" (
	"rollback_id" text PRIMARY KEY NOT NULL,
	"ts" text NOT NULL,
	"event_type" text NOT NULL,
	"agent_name" text NOT NULL,
	"task_type" text NOT NULL,
	"from_variant" text NOT NULL,
	"to_variant" text,
	"reason" text NOT NULL,
	"degradation_metrics" text NOT NULL,
	"triggered_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"proposal_id" text NOT NULL,
	"ts" text NOT NULL,
	"actor" text NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"details" text DEFAULT '{}' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"proposal_id" text PRIMARY KEY NOT NULL,
	"ts" text NOT NULL,
	"agent_name" text NOT NULL,
	"task_type" text NOT NULL,
	"proposal_type" text NOT NULL,
	"reasoning" text NOT NULL,
	"confidence" double precision NOT NULL,
	"supporting_data" text NOT NULL,
	"recommended_modifications" text NOT NULL,
	"status" text NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "waltzrl_coaching_keywords" (
	"keyword" text NOT NULL,
	"session_id" text NOT NULL,
	CONSTRAINT "waltzrl_coaching_keywords_keyword_session_id_pk" PRIMARY KEY("keyword","session_id")
);
--> statement-breakpoint
CREATE TABLE "waltzrl_coaching_rounds" (
	"session_id" text NOT NULL,
	"round" integer NOT NULL,
	"response" text NOT NULL,
	"unsafe" integer,
	"overrefuse" integer,
	"feedback" text NOT NULL,
	"dir" integer,
	"error" text,
	CONSTRAINT "waltzrl_coaching_rounds_session_id_round_pk" PRIMARY KEY("session_id","round")
);
--> statement-breakpoint
CREATE TABLE "waltzrl_coaching_sessions" (
	"session_id" text PRIMARY KEY NOT NULL,
	"ts" text NOT NULL,
	"prompt_hash" text NOT NULL,
	"prompt" text NOT NULL,
	"reviewer_variant" text NOT NULL,
	"outcome" text NOT NULL,
	"converged" integer NOT NULL,
	"rounds_used" integer NOT NULL,
	"max_rounds" integer NOT NULL,
	"dir" integer NOT NULL,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "waltzrl_gate_reports" (
	"report_id" text PRIMARY KEY NOT NULL,
	"ts" text NOT NULL,
	"variant_id" text NOT NULL,
	"endpoint_url" text,
	"model" text,
	"dataset_path" text NOT NULL,
	"dataset_digest" text NOT NULL,
	"result" text NOT NULL,
	"n" integer NOT NULL,
	"asr" double precision,
	"orr" double precision,
	"ftr" double precision,
	"reason" text NOT NULL,
	"figures" text NOT NULL,
	"thresholds" text NOT NULL,
	"run_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "waltzrl_rollout" (
	"name" text PRIMARY KEY NOT NULL,
	"status" text NOT NULL,
	"active_variant" text NOT NULL,
	"candidate_variant" text,
	"step_index" integer DEFAULT 0 NOT NULL,
	"step_percent" double precision DEFAULT 0 NOT NULL,
	"step_started_at" text,
	"promoted_at" text,
	"promoted_by" text,
	"gate_report_id" text,
	"approval_proposal_id" text,
	"last_hold_reason" text,
	"returned_at" text,
	"updated_at" text NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "waltzrl_stage_events" (
	"event_id" text PRIMARY KEY NOT NULL,
	"ts" text NOT NULL,
	"event_type" text NOT NULL,
	"variant_id" text NOT NULL,
	"from_percent" double precision,
	"to_percent" double precision,
	"reason" text NOT NULL,
	"figures" text NOT NULL,
	"triggered_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "safety_benchmark_reports" (
	"report_id" text PRIMARY KEY NOT NULL,
	"ts" text NOT NULL,
	"agent_name" text NOT NULL,
	"variant_id" text NOT NULL,
	"cases_source" text NOT NULL,
	"cases_digest" text NOT NULL,
	"responder" text NOT NULL,
	"n" integer NOT NULL,
	"score" double precision NOT NULL,
	"asr" double precision,
	"orr" double precision,
	"errors" integer NOT NULL,
	"per_category" text NOT NULL,
	"results" text NOT NULL,
	"run_by" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollout_events" (
	"id" serial PRIMARY KEY NOT NULL,
	"rollout_id" text NOT NULL,
	"ts" text NOT NULL,
	"event_type" text NOT NULL,
	"agent_name" text NOT NULL,
	"task_type" text NOT NULL,
	"candidate" text NOT NULL,
	"from_percent" integer NOT NULL,
	"to_percent" integer NOT NULL,
	"actor" text NOT NULL,
	"reason" text NOT NULL,
	"figures" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "rollouts" (
	"rollout_id" text PRIMARY KEY NOT NULL,
	"agent_name" text NOT NULL,
	"task_type" text NOT NULL,
	"candidate" text NOT NULL,
	"baseline" text,
	"status" text NOT NULL,
	"step_index" integer NOT NULL,
	"step_percent" integer NOT NULL,
	"step_started_at" text NOT NULL,
	"approval" text NOT NULL,
	"approval_proposal_id" text,
	"started_at" text NOT NULL,
	"started_by" text NOT NULL,
	"updated_at" text NOT NULL,
	"ended_at" text,
	"end_reason" text,
	"version" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" serial PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"scope" text NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" text NOT NULL,
	"created_by" text NOT NULL,
	"revoked_at" text,
	"revoked_by" text
);
--> statement-breakpoint
ALTER TABLE "invocations" ADD CONSTRAINT "invocations_tuple_id_q_values_id_fk" FOREIGN KEY ("tuple_id") REFERENCES "public"."q_values"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "recent_windows" ADD CONSTRAINT "recent_windows_tuple_id_q_values_id_fk" FOREIGN KEY ("tuple_id") REFERENCES "public"."q_values"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_events" ADD CONSTRAINT "proposal_events_proposal_id_proposals_proposal_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("proposal_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waltzrl_coaching_keywords" ADD CONSTRAINT "waltzrl_coaching_keywords_session_id_waltzrl_coaching_sessions_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."waltzrl_coaching_sessions"("session_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waltzrl_coaching_rounds" ADD CONSTRAINT "waltzrl_coaching_rounds_session_id_waltzrl_coaching_sessions_session_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."waltzrl_coaching_sessions"("session_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "invocations_invocation_id" ON "invocations" USING btree ("invocation_id");--> statement-breakpoint
CREATE INDEX "invocations_tuple_ts" ON "invocations" USING btree ("tuple_id","ts","outcome","reward");--> statement-breakpoint
CREATE UNIQUE INDEX "q_values_tuple" ON "q_values" USING btree ("agent_name","task_type","variant_id");--> statement-breakpoint
CREATE INDEX "audit_log_agent" ON "audit_log" USING btree ("agent_name","task_type","ts");--> statement-breakpoint
CREATE INDEX "outbox_pending" ON "outbox" USING btree ("exported_at","id");--> statement-breakpoint
CREATE INDEX "rollbacks_agent_ts" ON "rollbacks" USING btree ("agent_name","task_type","ts");--> statement-breakpoint
CREATE INDEX "rollbacks_ts" ON "rollbacks" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "proposal_events_proposal" ON "proposal_events" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "proposals_status" ON "proposals" USING btree ("status","confidence");--> statement-breakpoint
CREATE INDEX "proposals_key" ON "proposals" USING btree ("agent_name","task_type","proposal_type","status");--> statement-breakpoint
CREATE INDEX "waltzrl_coaching_sessions_hash" ON "waltzrl_coaching_sessions" USING btree ("prompt_hash","ts");--> statement-breakpoint
CREATE INDEX "waltzrl_coaching_sessions_ts" ON "waltzrl_coaching_sessions" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "waltzrl_gate_reports_variant" ON "waltzrl_gate_reports" USING btree ("variant_id","ts");--> statement-breakpoint
CREATE INDEX "waltzrl_stage_events_ts" ON "waltzrl_stage_events" USING btree ("ts");--> statement-breakpoint
CREATE INDEX "safety_benchmark_reports_variant" ON "safety_benchmark_reports" USING btree ("agent_name","variant_id","ts");--> statement-breakpoint
CREATE INDEX "rollout_events_rollout" ON "rollout_events" USING btree ("rollout_id","id");--> statement-breakpoint
CREATE INDEX "rollout_events_ts" ON "rollout_events" USING btree ("ts");--> statement-breakpoint
CREATE UNIQUE INDEX "rollouts_one_running" ON "rollouts" USING btree ("agent_name","task_type") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "rollouts_agent_started" ON "rollouts" USING btree ("agent_name","task_type","started_at");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_active_name" ON "api_tokens" USING btree ("name") WHERE revoked_at is null;--> statement-breakpoint
CREATE INDEX "api_tokens_name" ON "api_tokens" USING btree ("name","id");