import type { SqlDb } from '../../db/sql-db';
import type { SafetyBenchmarkRow, SafetyBenchmarkStore } from './safety-benchmark-store-type';

const INSERT = `insert into safety_benchmark_reports (report_id, ts, agent_name, variant_id, cases_source, cases_digest, responder, n, score, asr, orr, errors, per_category, results, run_by)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const COLS = 'report_id, ts, agent_name, variant_id, cases_source, cases_digest, responder, n, score, asr, orr, errors, per_category, run_by';

export function createSafetyBenchmarkStore(db: SqlDb): SafetyBenchmarkStore {
  return {
    async insert(r) {
      await db.run(INSERT, [
        r.report_id, r.ts, r.agent_name, r.variant_id, r.cases_source, r.cases_digest, r.responder, r.n, r.score, r.asr, r.orr, r.errors, r.per_category, r.results, r.run_by,
      ]);
    },
    latest: (a, v) =>
      db.get<SafetyBenchmarkRow>('select * from safety_benchmark_reports where agent_name = ? and variant_id = ? order by ts desc, report_id desc limit 1', [a, v]),
    get: (id) => db.get<SafetyBenchmarkRow>('select * from safety_benchmark_reports where report_id = ?', [id]),
    list(f) {
      const where: string[] = [];
      const args: (string | number)[] = [];
      if (f.agent) (where.push('agent_name = ?'), args.push(f.agent));
      if (f.variant) (where.push('variant_id = ?'), args.push(f.variant));
      args.push(f.limit ?? 20);
      return db.all<Omit<SafetyBenchmarkRow, 'results'>>(
        `select ${COLS} from safety_benchmark_reports ${where.length ? `where ${where.join(' and ')}` : ''} order by ts desc, report_id desc limit ?`,
        args,
      );
    },
  };
}
