import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { json, runCli, spawnCli, tempDir } from '../helpers';

const AGENT = 'backend-architect';

function invocations(): string {
  const lines: string[] = [];
  for (let i = 0; i < 60; i++) {
    lines.push(JSON.stringify({ invocation_id: `v1-${i}`, agent_name: AGENT, task_type: 'api-design', variant_id: 'v1', outcome: i % 2 ? 'success' : 'failure', reward: 0.5 }));
    lines.push(JSON.stringify({ invocation_id: `v2-${i}`, agent_name: AGENT, task_type: 'api-design', variant_id: 'v2', outcome: 'success', reward: 0.9 }));
  }
  return `${lines.join('\n')}\n`;
}

interface Proposal { proposal_id: string; proposal_type: string; status: string; confidence: number }

describe('crl propose → proposals approve → apply (built CLI)', () => {
  it('ingest, propose, approve, apply: variant list shows the new default', () => {
    const dataDir = tempDir();
    expect(runCli(['variant', 'add', AGENT, 'v1', '--default'], { dataDir }).code).toBe(0);
    expect(runCli(['variant', 'add', AGENT, 'v2'], { dataDir }).code).toBe(0);
    expect(runCli(['ingest', '-'], { dataDir, input: invocations() }).code).toBe(0);

    const proposed = runCli(['propose', '--json'], { dataDir });
    expect(proposed.code).toBe(0);
    const { created } = json<{ created: Proposal[] }>(proposed);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ proposal_type: 'promote_variant_to_default', status: 'pending', confidence: 0.85 });
    const id = created[0].proposal_id;

    const again = json<{ created: Proposal[]; duplicates: Proposal[] }>(runCli(['propose', '--json'], { dataDir }));
    expect(again.created).toHaveLength(0);
    expect(again.duplicates.map((p) => p.proposal_id)).toEqual([id]);

    const listed = json<Proposal[]>(runCli(['proposals', 'list', '--status', 'pending', '--json'], { dataDir }));
    expect(listed.map((p) => p.proposal_id)).toEqual([id]);

    const approved = runCli(['proposals', 'approve', id, '--by', 'alice', '--note', 'clear win'], { dataDir });
    expect(approved.code).toBe(0);
    expect(approved.stdout).toContain('pending → approved');
    expect(approved.stdout).toContain('Premise still holds');

    const second = runCli(['proposals', 'reject', id, '--by', 'bob'], { dataDir });
    expect(second.code).toBe(4);
    expect(second.stderr).toMatch(/is approved \(by alice at .*\); it cannot become rejected/);

    const staged = runCli(['rollout', 'status', '--json'], { dataDir });
    expect(json<unknown[]>(staged)).toEqual([]);
    const applied = runCli(['proposals', 'apply', id, '--by', 'alice', '--immediate'], { dataDir });
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain('v2 is now the default for api-design (was v1)');

    const variants = json<{ variant_id: string; default_for: string[] }[]>(runCli(['variant', 'list', '--agent', AGENT, '--json'], { dataDir }));
    expect(variants.find((v) => v.variant_id === 'v2')?.default_for).toEqual(['api-design']);
    const table = runCli(['variant', 'list'], { dataDir });
    expect(table.stdout).toMatch(/v2\s+│ active │ api-design/);

    const shown = json<{ status: string; history: { actor: string; to_status: string; note: string | null }[] }>(runCli(['proposals', 'show', id, '--json'], { dataDir }));
    expect(shown.status).toBe('applied');
    expect(shown.history.map((h) => [h.actor, h.to_status, h.note])).toEqual([['cli', 'pending', null], ['alice', 'approved', 'clear win'], ['alice', 'applied', null]]);

    const lines = readFileSync(join(dataDir, 'variant_proposals.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Proposal);
    expect(lines.map((l) => [l.proposal_id, l.status])).toEqual([[id, 'pending'], [id, 'approved'], [id, 'applied']]);
  });

  it('exit codes: not found 3, missing --by 2, apply before approval 4', () => {
    const dataDir = tempDir();
    expect(runCli(['proposals', 'show', 'prop-20250101-deadbeef'], { dataDir }).code).toBe(3);
    expect(runCli(['proposals', 'approve', 'prop-20250101-deadbeef', '--by', 'a'], { dataDir }).code).toBe(3);
    expect(runCli(['proposals', 'approve', 'prop-20250101-deadbeef'], { dataDir }).code).toBe(2);
    runCli(['variant', 'add', AGENT, 'v1', '--default'], { dataDir });
    runCli(['variant', 'add', AGENT, 'v2'], { dataDir });
    runCli(['ingest', '-'], { dataDir, input: invocations() });
    const id = json<{ created: Proposal[] }>(runCli(['propose', '--json'], { dataDir })).created[0].proposal_id;
    const early = runCli(['proposals', 'apply', id, '--by', 'alice'], { dataDir });
    expect(early.code).toBe(4);
    expect(early.stderr).toContain(`crl proposals approve ${id}`);
  });

  it('two propose processes at the same moment queue one proposal', async () => {
    const dataDir = tempDir();
    runCli(['variant', 'add', AGENT, 'v1', '--default'], { dataDir });
    runCli(['variant', 'add', AGENT, 'v2'], { dataDir });
    runCli(['ingest', '-'], { dataDir, input: invocations() });
    const run = () => new Promise<number>((resolve) => spawnCli(['propose', '--json'], { dataDir }).on('exit', (code) => resolve(code ?? -1)));
    expect(await Promise.all([run(), run()])).toEqual([0, 0]);
    expect(json<Proposal[]>(runCli(['proposals', 'list', '--json'], { dataDir }))).toHaveLength(1);
    expect(readFileSync(join(dataDir, 'variant_proposals.jsonl'), 'utf8').trim().split('\n')).toHaveLength(1);
  });
});
