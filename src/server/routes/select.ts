import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { ServerDeps } from '../app';
import { intParam, nameParam, parseParams } from '../query';

const selectQuery = z.strictObject({
  agent: nameParam,
  task: nameParam,
  subject: z.string().min(1, 'must not be empty').max(500, 'must be at most 500 characters').optional(),
  policy: z.enum(['greedy', 'epsilon-greedy', 'ucb1', 'thompson']).optional(),
  seed: intParam(-(2 ** 31)).optional(),
});

/** `GET /v1/select?agent=&task=&subject=`: the serving decision, the same answer as `crl select --json`. */
export function selectRoutes(app: FastifyInstance, { crl }: ServerDeps): void {
  app.get('/v1/select', { config: { scope: 'read' } }, async (req) => {
    const q = parseParams(selectQuery, req.query);
    return crl.serving.select({ agent: q.agent, task: q.task, subject: q.subject, policy: q.policy, seed: q.seed });
  });
}
