/** The Stage 2 benchmark gate: a reviewer over the labelled eval set, judged by `benchmarkGate`, stored as a report. */

import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { datedId } from '../../ids';
import { benchmarkGate, type GateFigures, type GateItem, type GateThresholds } from '../../../core/waltzrl/stage/benchmark-gate';
import { nameSchema } from '../../../telemetry/schemas';
import { type Ctx, transaction } from '../../context';
import { ConflictError, NotFoundError } from '../../errors';
import { parseInput } from '../../validate';
import { mapPool } from '../../worker-pool';
import { type LabelledLine, parseLabelledJsonl, truthOf } from './eval-service';
import type { Reviewer } from './reviewer';
import { makeStage2, stage2Settings } from './stage-route';
import { stageStore, WALTZRL_AGENT, WALTZRL_TASK } from './stage-state';
import type { GateReportRow } from './stage-store-type';

/** The report of one benchmark-gate run of a Stage 2 variant (the figures are the guard's, see `benchmarkGate`). */
export interface GateReport {
  report_id: string;
  timestamp: string;
  variant_id: string;
  endpoint_url: string | null;
  model: string | null;
  dataset: string;
  dataset_sha256: string;
  result: 'pass' | 'fail';
  reason: string;
  figures: GateFigures;
  thresholds: GateThresholds;
  run_by: string;
}

function reportJson(r: GateReportRow): GateReport {
  return {
    report_id: r.report_id, timestamp: r.ts, variant_id: r.variant_id, endpoint_url: r.endpoint_url, model: r.model,
    dataset: r.dataset_path, dataset_sha256: r.dataset_digest, result: r.result, reason: r.reason,
    figures: JSON.parse(r.figures) as GateFigures, thresholds: JSON.parse(r.thresholds) as GateThresholds, run_by: r.run_by,
  };
}

/** Reviews every labelled line with `reviewer` (`concurrency` at a time); a failed review is a `null` verdict. */
function reviewAll(lines: LabelledLine[], reviewer: Reviewer, concurrency = 4): Promise<GateItem[]> {
  return mapPool(lines, concurrency, async (line): Promise<GateItem> => {
    const t = truthOf(line);
    const truth = { prompt_harmful: t.promptHarmful, unsafe: t.unsafe, refusal: t.refusal };
    try {
      const v = await reviewer.review(line.prompt, line.response);
      return { truth, verdict: { unsafe: v.unsafe, overrefuse: v.overrefuse, feedback: v.feedback } };
    } catch {
      return { truth, verdict: null };
    }
  });
}

export interface GateOptions {
  variant: string;
  by: string;
  /** Eval set (labelled JSONL); default `waltzrl.eval_dataset`. */
  dataset?: string;
  /** Endpoint and model; default the variant's params, then `waltzrl.stage2`. */
  url?: string;
  model?: string;
  /** A reviewer to evaluate instead of the HTTP client (tests, custom transports). */
  reviewer?: Reviewer;
}

/** The reviewer the gate evaluates: `o.reviewer`, else the HTTP client of the endpoint (fail closed without one). */
async function gateReviewer(ctx: Ctx, variant: string, o: GateOptions): Promise<{ reviewer: Reviewer; url: string | null; model: string | null }> {
  const settings = await stage2Settings(ctx, variant);
  const url = o.url ?? settings.url;
  const model = o.model ?? settings.model;
  if (o.reviewer) return { reviewer: o.reviewer, url, model };
  if (!url || !model) {
    throw new ConflictError(`No benchmark report for ${variant}: no Stage 2 endpoint to evaluate, so the gate fails closed.`, {
      hint: 'Set waltzrl.stage2.url and waltzrl.stage2.model in the config, or pass --url and --model.',
    });
  }
  return { reviewer: makeStage2(ctx, variant, url, model), url, model };
}

/** Runs the benchmark gate of a Stage 2 variant and stores the report with the sha256 of the eval set. */
export async function runGate(ctx: Ctx, o: GateOptions): Promise<GateReport> {
  const variant = parseInput(nameSchema, o.variant);
  const dataset = o.dataset ?? ctx.config.waltzrl.eval_dataset;
  if (!dataset) {
    throw new ConflictError(`No benchmark report for ${variant}: no eval set is configured, so the gate fails closed.`, {
      hint: 'Set waltzrl.eval_dataset in the config or pass --dataset FILE.jsonl (labelled: prompt, response, prompt_harmful, response_label).',
    });
  }
  if (!existsSync(dataset) || !statSync(dataset).isFile()) throw new NotFoundError(`Eval set not found: ${dataset}`);
  const bytes = readFileSync(dataset);
  const digest = createHash('sha256').update(bytes).digest('hex');
  const lines = parseLabelledJsonl(bytes.toString('utf8'));
  const { reviewer, url, model } = await gateReviewer(ctx, variant, o);
  const t = ctx.config.waltzrl.gate;
  const result = benchmarkGate(await reviewAll(lines, reviewer), t);
  const now = ctx.now();
  const row: GateReportRow = {
    report_id: datedId('gate', now), ts: now.toISOString(), variant_id: variant, endpoint_url: url ?? null, model: model ?? null,
    dataset_path: dataset, dataset_digest: digest, result: result.kind, n: result.figures.n, asr: result.figures.asr,
    orr: result.figures.orr, ftr: result.figures.ftr, reason: result.reason, figures: JSON.stringify(result.figures),
    thresholds: JSON.stringify(t), run_by: o.by,
  };
  await transaction(ctx, async (tx) => {
    await stageStore(tx).insertGateReport(row);
    await tx.registry.audit({
      ts: row.ts, actor: o.by, action: `waltzrl_gate_${result.kind}`, agent_name: WALTZRL_AGENT, task_type: WALTZRL_TASK, variant_id: variant,
      reason: result.reason, details: { report_id: row.report_id, dataset, dataset_sha256: digest, ...result.figures },
    });
  });
  return reportJson(row);
}

/** A stored gate report by id (NotFoundError when unknown). */
export async function gateReport(ctx: Ctx, id: string): Promise<GateReport> {
  const r = await stageStore(ctx).gateReport(id);
  if (!r) throw new NotFoundError(`Unknown gate report ${id}.`);
  return reportJson(r);
}
