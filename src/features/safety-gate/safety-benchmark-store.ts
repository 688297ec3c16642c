import type { Sqlite } from '../../db/open';
import type { SafetyBenchmarkRow, SafetyBenchmarkStore } from './safety-benchmark-store-type';

export function createSafetyBenchmarkStore(sqlite: Sqlite): SafetyBenchmarkStore {
  const ins = sqlite.prepare(
    `insert into safety_benchmark_reports (report_id, ts, agent_name, variant_id, cases_source, cases_digest, responder, n, score, asr, orr, errors, per_category, results, run_by)
     values (@report_id, @ts, @agent_name, @variant_id, @cases_source, @cases_digest, @responder, @n, @score, @asr, @orr, @errors, @per_category, @results, @run_by)`,
  );
  const latest = sqlite.prepare(
    'select * from safety_benchmark_reports where agent_name = ? and variant_id = ? order by ts desc, report_id desc limit 1',
  );
  const get = sqlite.prepare('select * from safety_benchmark_reports where report_id = ?');
  const cols = 'report_id, ts, agent_name, variant_id, cases_source, cases_digest, responder, n, score, asr, orr, errors, per_category, run_by';
  return {
    insert: (row) => void ins.run(row),
    latest: (a, v) => latest.get(a, v) as SafetyBenchmarkRow | undefined,
    get: (id) => get.get(id) as SafetyBenchmarkRow | undefined,
    list(f) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      if (f.variant) (where.push('variant_id = ?'), args.push(f.variant));
      args.push(f.limit ?? 20);
      return sqlite
        .prepare(`select ${cols} from safety_benchmark_reports ${where.length ? `where ${where.join(' and ')}` : ''} order by ts desc, report_id desc limit ?`)
        .all(...args) as Omit<SafetyBenchmarkRow, 'results'>[];
    },
  };
}
