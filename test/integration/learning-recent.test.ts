import { describe, expect, it } from 'vitest';

import { seededRng } from '../../core/learning/rng';
import { onPostgres, planOf } from '../backend';
import { tempDir, openTestCrl } from '../helpers';

describe('learning store: recent window', () => {
  it('gives the newest rows by (ts, id) for every window size, also when equal timestamps cross the window edge', async () => {
    const crl = await openTestCrl({ dataDir: tempDir() });
    try {
      const rng = seededRng(42);
      const stamps = ['2025-01-01T00:00:00.000Z', '2025-01-01T00:00:01.000Z', '2025-01-01T00:00:02.000Z', '2025-01-01T00:00:03.000Z'];
      const outcomes = ['success', 'failure', 'error', 'partial'] as const;
      const lines = Array.from({ length: 60 }, (_, i) => JSON.stringify({
        invocation_id: `r-${i}`, timestamp: stamps[Math.floor(rng() * stamps.length)], agent_name: 'a', task_type: 't', variant_id: 'v',
        outcome: outcomes[Math.floor(rng() * 4)], quality_score: Math.round(rng() * 10) / 10,
      }));
      await crl.learning.ingest((async function* () { yield `${lines.join('\n')}\n`; })());
      const tuple = await crl.ctx.learning.getTuple('a', 't', 'v');
      expect(tuple?.inv_count).toBe(60);
      const reference = 'select ts, outcome, reward from invocations where tuple_id = ? order by ts desc, id desc limit ?';
      for (let limit = 0; limit <= 62; limit++) {
        expect(await crl.ctx.learning.recent(tuple!.id, limit), `limit ${limit}`).toEqual(await crl.ctx.db.all(reference, [tuple!.id, limit]));
      }
    } finally {
      await crl.close();
    }
  });

  it('reads the window by walking the index, without sorting the tuple history', async () => {
    const crl = await openTestCrl({ dataDir: tempDir() });
    try {
      const plan = await planOf(crl.ctx.db, 'select id, ts, outcome, reward from invocations where tuple_id = ? order by ts desc limit ?');
      if (onPostgres) {
        expect(plan).toMatch(/Index (Only )?Scan Backward using invocations_tuple_ts on invocations/);
        expect(plan).not.toMatch(/Sort|Seq Scan/);
      } else expect(plan).toBe('SEARCH invocations USING COVERING INDEX invocations_tuple_ts (tuple_id=?)');
    } finally {
      await crl.close();
    }
  });
});
