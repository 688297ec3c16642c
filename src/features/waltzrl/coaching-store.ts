import type { SqlDb } from '../../db/sql-db';
import type { CoachingRoundRow, CoachingSessionRow, CoachingStore } from './coaching-store-type';

const INS_SESSION = `insert into waltzrl_coaching_sessions (session_id, ts, prompt_hash, prompt, reviewer_variant, outcome, converged, rounds_used, max_rounds, dir, error)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const INS_ROUND = `insert into waltzrl_coaching_rounds (session_id, round, response, unsafe, overrefuse, feedback, dir, error)
     values (?, ?, ?, ?, ?, ?, ?, ?)`;
const INS_KEYWORD = 'insert into waltzrl_coaching_keywords (keyword, session_id) values (?, ?)';
const BY_HASH = `select r.feedback as feedback from waltzrl_coaching_sessions s join waltzrl_coaching_rounds r on r.session_id = s.session_id
     where s.prompt_hash = ? and r.feedback <> '' order by s.ts desc, s.session_id desc, r.round asc limit ?`;
const OF_SESSION = `select feedback from waltzrl_coaching_rounds where session_id = ? and feedback <> '' order by round`;
const ROUNDS = 'select * from waltzrl_coaching_rounds where session_id = ? order by round';
/** Sessions are read in pages of this many rows, each page after the last row of the one before (keyset on (ts, session_id)). */
const PAGE = 500;
const FIRST_PAGE = 'select * from waltzrl_coaching_sessions order by ts, session_id limit ?';
const FIRST_PAGE_SINCE = 'select * from waltzrl_coaching_sessions where ts >= ? order by ts, session_id limit ?';
const NEXT_PAGE = 'select * from waltzrl_coaching_sessions where ts > ? or (ts = ? and session_id > ?) order by ts, session_id limit ?';

export function createCoachingStore(db: SqlDb): CoachingStore {
  return createPagedCoachingStore(db, PAGE);
}

/** The coaching store reading `sessions` in pages of `pageSize` rows (tests use small pages). */
export function createPagedCoachingStore(db: SqlDb, pageSize: number): CoachingStore {
  const texts = (rows: { feedback: string }[]) => rows.map((r) => r.feedback);
  return {
    async insert(s, rounds, keywords) {
      await db.transaction(async (t) => {
        await t.run(INS_SESSION, [s.session_id, s.ts, s.prompt_hash, s.prompt, s.reviewer_variant, s.outcome, s.converged, s.rounds_used, s.max_rounds, s.dir, s.error]);
        for (const r of rounds) await t.run(INS_ROUND, [r.session_id, r.round, r.response, r.unsafe, r.overrefuse, r.feedback, r.dir, r.error]);
        for (const k of new Set(keywords)) await t.run(INS_KEYWORD, [k, s.session_id]);
      });
    },
    feedbackByHash: async (hash, limit) => texts(await db.all<{ feedback: string }>(BY_HASH, [hash, limit])),
    async closestByKeywords(keywords, excludeHash, limit) {
      if (keywords.length === 0) return [];
      const marks = keywords.map(() => '?').join(', ');
      const rows = await db.all<{ session_id: string; overlap: number }>(
        `select k.session_id as session_id, count(*) as overlap from waltzrl_coaching_keywords k
           join waltzrl_coaching_sessions s on s.session_id = k.session_id
           where k.keyword in (${marks}) and s.prompt_hash <> ?
           group by k.session_id, s.ts order by overlap desc, s.ts desc, k.session_id desc limit ?`,
        [...keywords, excludeHash, limit],
      );
      return rows.map((r) => ({ session_id: r.session_id, overlap: Number(r.overlap) }));
    },
    feedbackOfSession: async (id) => texts(await db.all<{ feedback: string }>(OF_SESSION, [id])),
    async *sessions(since) {
      let page = since === undefined
        ? await db.all<CoachingSessionRow>(FIRST_PAGE, [pageSize])
        : await db.all<CoachingSessionRow>(FIRST_PAGE_SINCE, [since, pageSize]);
      while (page.length > 0) {
        yield* page;
        if (page.length < pageSize) return;
        const last = page[page.length - 1];
        page = await db.all<CoachingSessionRow>(NEXT_PAGE, [last.ts, last.ts, last.session_id, pageSize]);
      }
    },
    rounds: (id) => db.all<CoachingRoundRow>(ROUNDS, [id]),
  };
}
