import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_AGENTS, generateWorkload } from '../scripts/workload';
import { openCrl } from './crl';
import { fmt, paint, renderTable } from './cli/output';

export interface DemoOptions {
  dataDir?: string;
  config?: string;
  seed: number;
  invocations: number;
}

const say = (s = '') => process.stdout.write(`${s}\n`);

/** Walks through crl on a generated workload in a fresh (temporary unless given) data dir. */
export async function runDemo(o: DemoOptions): Promise<void> {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'crl-demo-'));
  const crl = openCrl({ dataDir, config: o.config });
  try {
    say(paint(`crl demo — data dir ${crl.dataDir}`, 'bold'));
    say();
    say(paint('1. Register agents and variants', 'cyan'));
    for (const a of DEMO_AGENTS) {
      for (const v of a.variants) crl.addVariant({ agent: a.agent, variant: v.id, isDefault: v.isDefault, params: v.params, by: 'demo' });
      say(`   ${a.agent}: ${a.variants.map((v) => (v.isDefault ? `${v.id} (default)` : v.id)).join(', ')}`);
    }
    say();
    say(paint(`2. Ingest ${o.invocations.toLocaleString('en-US')} invocations over 14 days (security-auditor/base degrades half-way)`, 'cyan'));
    const lines = [...generateWorkload({ count: o.invocations, seed: o.seed, end: new Date() })].map((l) => `${JSON.stringify(l)}\n`);
    const t0 = performance.now();
    const r = await crl.ingest((async function* () { yield* lines; })());
    say(`   accepted ${r.accepted}, duplicates ${r.duplicates}, rejected ${r.rejected.length} in ${(performance.now() - t0).toFixed(0)} ms`);
    const again = await crl.ingest((async function* () { yield* lines; })());
    say(`   re-ingest of the same lines: accepted ${again.accepted}, duplicates ${again.duplicates} (idempotent)`);
    say();
    say(paint('3. Q-table', 'cyan'));
    const q = crl.qTable();
    say(renderTable(
      ['agent', 'task', 'variant', 'Q', 'n', 'success', 'default'],
      q.map((e) => [e.agent_name, e.task_type, e.variant_id, fmt(e.q_value, 4), e.n_visits, fmt(e.success_rate), e.is_default ? 'yes' : '']),
    ));
    say();
    say(paint('4. Selection for security-auditor/security-audit', 'cyan'));
    for (const policy of ['greedy', 'epsilon-greedy', 'ucb1', 'thompson'] as const) {
      const s = crl.select({ agent: 'security-auditor', task: 'security-audit', policy, seed: o.seed });
      say(`   ${policy.padEnd(15)} → ${s.kind === 'selected' ? s.variant_id : '-'}  (${s.reason})`);
    }
    say();
    say(paint('Weekly proposals and review (crl propose, crl proposals …)', 'cyan'));
    const proposed = crl.propose({ actor: 'demo' });
    say(`   ${proposed.created.length} new proposal(s) for ${proposed.checked} agent/task pairs; pending, by confidence:`);
    const pending = crl.listProposals({ status: 'pending' });
    for (const p of pending) say(`   ${p.confidence.toFixed(2)}  ${p.agent_name}/${p.task_type}  ${p.proposal_type}`);
    const pick = pending.find((p) => p.proposal_type === 'promote_variant_to_default') ?? pending[0];
    if (pick) {
      const d = crl.decideProposal(pick.proposal_id, 'approve', 'demo', 'demo review');
      say(`   approve ${pick.proposal_id}: ${d.evidence?.warning ?? `premise holds (${d.evidence?.reason ?? '-'})`}`);
      const a = crl.applyProposal(pick.proposal_id, 'demo');
      say(`   apply → ${a.action} ${pick.agent_name}/${a.variant_id}${a.previous_default ? ` (was ${a.previous_default})` : ''}`);
    }
    say();
    say(paint('WaltzRL Stage 2 canary (crl waltzrl stage promote|advance|status)', 'cyan'));
    await (await import('./waltzrl/stage-demo')).runStageCanaryDemo(crl, say);
    say();
    say(paint('Safety dashboard (crl dashboard; --watch 10 to keep it open)', 'cyan'));
    const { buildDashboard } = await import('./services/dashboard');
    const { renderDashboard } = await import('./cli/render-dashboard');
    say(renderDashboard(buildDashboard(crl.ctx), { color: (await import('./cli/output')).useColor() }).trimEnd());
    say();
    say(`Explore further: crl --data-dir ${crl.dataDir} q --json`);
  } finally {
    crl.close();
  }
}
