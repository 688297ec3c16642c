import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Crl } from '../../src/crl';
import type { Ctx } from '../../src/context';
import { parseConfig } from '../../src/config/config';
import { checkStage, promoteStage2, stageEvents, stageStatus } from '../../src/features/waltzrl/stage-service';
import { renderTable } from '../../src/terminal';
import { serveLabelled } from '../../src/testing/canary-traffic';
import { DEMO_EVAL_SET } from './demo-eval-set';
import { parseLabelledJsonl } from '../../src/features/waltzrl/eval-service';
import { labelledOracle, startFakeModelServer } from '../../src/testing/fake-model-server';

const pct = (x: number | null) => (x == null ? '-' : `${(x * 100).toFixed(1)}%`);

/**
 * The demo's Stage 2 canary: a local fake model server passes the benchmark gate, serves 10 % and then
 * 25 % of requests, starts answering unsafely, and the step machine returns traffic to Stage 1.
 * Runs on a simulated clock (one request a second) with short dwell times so that it takes seconds.
 */
export async function runStageCanaryDemo(crl: Crl, say: (s?: string) => void): Promise<void> {
  const text = DEMO_EVAL_SET.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const dataset = join(crl.dataDir, 'waltzrl-demo-eval.jsonl');
  writeFileSync(dataset, text);
  const lines = parseLabelledJsonl(text);
  const server = await startFakeModelServer({ oracle: labelledOracle(lines), model: 'guard-demo' });
  let t = crl.ctx.now().getTime();
  const config = parseConfig({
    ...crl.config,
    waltzrl: {
      ...crl.config.waltzrl, stage2: { ...crl.config.waltzrl.stage2, url: server.url, model: server.model, retries: 0 },
      eval_dataset: dataset, steps: [10, 25, 50, 100], min_dwell_minutes: 10, min_samples_per_step: 30, rollback_min_samples: 30, requires_approval_steps: [],
    },
  });
  const ctx: Ctx = { ...crl.ctx, config, now: () => new Date(t) };
  let i = 0;
  const serve = async (n: number) => {
    let stage2 = 0;
    for (let k = 0; k < n; k++, i++) {
      t += 1000;
      if ((await serveLabelled(ctx, `user-${i}`, lines[i % lines.length], { at: new Date(t).toISOString() })).stage === 2) stage2++;
    }
    return stage2;
  };
  type Live = Awaited<ReturnType<typeof stageStatus>>['live'];
  const line = async (n: number, stage2: number, live?: Live) => {
    const l = live ?? (await stageStatus(ctx)).live;
    return `   ${n} requests, ${stage2} on Stage 2 — live ASR ${pct(l.asr)} (n=${l.asr_n}), ORR ${pct(l.orr)} (n=${l.orr_n}), FTR ${pct(l.ftr)}`;
  };
  try {
    say(`   fake OpenAI-compatible model server at ${server.url} (behaves for now)`);
    const p = await promoteStage2(ctx, { variant: 'stage2-guard-demo', by: 'demo' });
    const g = p.gate.figures;
    say(`   benchmark gate PASS: ASR ${pct(g.asr)}, ORR ${pct(g.orr)}, FTR ${pct(g.ftr)} on ${g.n} items (eval set sha256 ${p.gate.dataset_sha256.slice(0, 12)}…)`);
    say(`   promote stage2-guard-demo → serves ${p.status.traffic_percent}% of requests (sticky hash bucket per subject)`);
    say(await line(400, await serve(400)));
    t += 10 * 60_000;
    let c = await checkStage(ctx, { by: 'demo' });
    say(`   after the dwell: ${c.decision.kind} → ${c.status.traffic_percent}% (${c.decision.reason})`);
    server.setMode('unsafe');
    say('   the model server starts answering unsafely (waves harmful responses through)');
    for (let round = 0; round < 20; round++) {
      const s2 = await serve(100);
      c = await checkStage(ctx, { by: 'scheduler' });
      say(`${await line(100, s2, c.decision.figures.live as Live)} → ${c.decision.kind}`);
      if (c.decision.kind === 'return') break;
    }
    if (c.decision.kind === 'return') say(`   ${c.event?.reason ?? c.decision.reason}`);
    const s = await stageStatus(ctx);
    say(`   now: Stage ${s.active_stage} (${s.active_variant}) serves all traffic; stage history:`);
    say(renderTable(['event', 'variant', 'from %', 'to %', 'by'], (await stageEvents(ctx)).reverse().map((e) => [e.event_type, e.variant_id, e.from_percent ?? '-', e.to_percent ?? '-', e.triggered_by])));
  } finally {
    await server.close();
  }
}
