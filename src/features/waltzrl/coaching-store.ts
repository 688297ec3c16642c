import type { Sqlite } from '../../db/open';
import type { CoachingRoundRow, CoachingSessionRow, CoachingStore } from './coaching-store-type';

export function createCoachingStore(sqlite: Sqlite): CoachingStore {
  const insS = sqlite.prepare(
    `insert into waltzrl_coaching_sessions (session_id, ts, prompt_hash, prompt, reviewer_variant, outcome, converged, rounds_used, max_rounds, dir, error)
     values (@session_id, @ts, @prompt_hash, @prompt, @reviewer_variant, @outcome, @converged, @rounds_used, @max_rounds, @dir, @error)`,
  );
  const insR = sqlite.prepare(
    `insert into waltzrl_coaching_rounds (session_id, round, response, unsafe, overrefuse, feedback, dir, error)
     values (@session_id, @round, @response, @unsafe, @overrefuse, @feedback, @dir, @error)`,
  );
  const insK = sqlite.prepare('insert into waltzrl_coaching_keywords (keyword, session_id) values (?, ?)');
  const byHash = sqlite.prepare(
    `select r.feedback as feedback from waltzrl_coaching_sessions s join waltzrl_coaching_rounds r on r.session_id = s.session_id
     where s.prompt_hash = ? and r.feedback <> '' order by s.ts desc, s.session_id desc, r.round asc limit ?`,
  );
  const ofSession = sqlite.prepare(`select feedback from waltzrl_coaching_rounds where session_id = ? and feedback <> '' order by round`);
  const roundsQ = sqlite.prepare('select * from waltzrl_coaching_rounds where session_id = ? order by round');
  return {
    insert(session, rounds, keywords) {
      sqlite.transaction(() => {
        insS.run(session);
        for (const r of rounds) insR.run(r);
        for (const k of new Set(keywords)) insK.run(k, session.session_id);
      }).immediate();
    },
    feedbackByHash: (hash, limit) => (byHash.all(hash, limit) as { feedback: string }[]).map((r) => r.feedback),
    closestByKeywords(keywords, excludeHash, limit) {
      if (keywords.length === 0) return [];
      const marks = keywords.map(() => '?').join(', ');
      return sqlite
        .prepare(
          `select k.session_id as session_id, count(*) as overlap from waltzrl_coaching_keywords k
           join waltzrl_coaching_sessions s on s.session_id = k.session_id
           where k.keyword in (${marks}) and s.prompt_hash <> ?
           group by k.session_id, s.ts order by overlap desc, s.ts desc, k.session_id desc limit ?`,
        )
        .all(...keywords, excludeHash, limit) as { session_id: string; overlap: number }[];
    },
    feedbackOfSession: (id) => (ofSession.all(id) as { feedback: string }[]).map((r) => r.feedback),
    sessions(since) {
      return (since
        ? sqlite.prepare('select * from waltzrl_coaching_sessions where ts >= ? order by ts, session_id').iterate(since)
        : sqlite.prepare('select * from waltzrl_coaching_sessions order by ts, session_id').iterate()) as IterableIterator<CoachingSessionRow>;
    },
    rounds: (id) => roundsQ.all(id) as CoachingRoundRow[],
  };
}
