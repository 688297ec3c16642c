import type { Dialect, SqlDb, SqlValue } from '../../db/sql-db';
import { awayFromRead } from '../monitor/rollback-store';
import { routingRead } from '../rollout/rollout-store';
import { resolveDefaultRead } from '../variants/registry-store';
import type { PairRead, ServingReads, ServingStore } from './serving-store-type';

/**
 * The tuples of the pair, the newest rollback away from each variant (`rollbacks.latestAwayFrom`), the routing
 * rollout (`rollouts.routing`) and the default (`registry.resolveDefault`) as one statement: a UNION ALL of
 * those stores' own reads, each arm planned and run as it is alone, its rows told apart by `k`. No arm needs an
 * order (the variants, whose order matters, are read by `listVariants`).
 */
function readsOf(dialect: Dialect): PairRead {
  const [away, routing, def] = [awayFromRead(dialect), routingRead(dialect), resolveDefaultRead(dialect)];
  const sql = `select 'q' as k, variant_id as s1, cast(null as text) as s2, cast(null as text) as s3, cast(null as text) as s4,
      cast(null as text) as s5, q_value as f1, n_visits as i1, id as i2
    from q_values where agent_name = ? and task_type = ?
  union all select 'r', a.from_variant, a.rollback_id, a.ts, a.to_variant, a.triggered_by, null, null, null from (${away.sql}) as a
  union all select 'o', o.rollout_id, o.candidate, null, null, null, null, o.step_percent, null from (${routing.sql}) as o
  union all select 'd', d.variant_id, null, null, null, null, null, null, null from (${def.sql}) as d`;
  return { sql, params: (a, t): SqlValue[] => [a, t, ...away.params(a, t), ...routing.params(a, t), ...def.params(a, t)] };
}
const byDialect = new Map<Dialect, PairRead>();

interface Row {
  k: 'q' | 'r' | 'o' | 'd';
  s1: string;
  s2: string | null;
  s3: string | null;
  s4: string | null;
  s5: string | null;
  f1: unknown;
  i1: unknown;
  i2: unknown;
}

export function createServingStore(db: SqlDb): ServingStore {
  let read = byDialect.get(db.dialect);
  if (!read) byDialect.set(db.dialect, (read = readsOf(db.dialect)));
  const { sql, params } = read;
  return {
    async reads(agent, task) {
      const out: ServingReads = { tuples: new Map(), away: [], rollout: null, default_variant: null };
      for (const r of await db.all<Row>(sql, params(agent, task))) {
        if (r.k === 'q') out.tuples.set(r.s1, { id: Number(r.i2), q_value: Number(r.f1), n_visits: Number(r.i1) });
        else if (r.k === 'r') out.away.push({ from_variant: r.s1, rollback_id: r.s2 as string, ts: r.s3 as string, to_variant: r.s4, triggered_by: r.s5 as string });
        else if (r.k === 'o') out.rollout = { rollout_id: r.s1, candidate: r.s2 as string, step_percent: Number(r.i1) };
        else out.default_variant = r.s1;
      }
      return out;
    },
  };
}
