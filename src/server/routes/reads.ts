import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { PROPOSAL_STATUSES } from '../../features/proposals/proposal-store-type';
import type { ServerDeps } from '../app';
import { boolParam, intParam, nameParam, parseParams } from '../query';

const agentTask = { agent: nameParam.optional(), task: nameParam.optional() };
const qQuery = z.strictObject(agentTask);
const variantsQuery = z.strictObject({ agent: nameParam.optional() });
const historyQuery = z.strictObject({ ...agentTask, limit: intParam(1).default(50) });
const rolloutsQuery = z.strictObject({ ...agentTask, all: boolParam.optional() });
const proposalsQuery = z.strictObject({
  status: z.enum(PROPOSAL_STATUSES).optional(),
  agent: nameParam.optional(),
  limit: intParam(1).optional(),
});
const none = z.strictObject({});
const proposalId = z.strictObject({ id: z.string().min(1).max(200) });

/**
 * The read commands' `--json` answers, their filters as query parameters (defaults as the CLI's):
 * `q`, `variant list`, `rollback history`, `rollout status|history`, `proposals list|show`, `dashboard`.
 */
export function readRoutes(app: FastifyInstance, { crl }: ServerDeps): void {
  const read = { config: { scope: 'read' as const } };
  app.get('/v1/q', read, async (req) => crl.learning.qTable(parseParams(qQuery, req.query)));
  app.get('/v1/variants', read, async (req) => crl.variants.list(parseParams(variantsQuery, req.query).agent));
  app.get('/v1/rollbacks', read, async (req) => crl.monitor.rollbacks(parseParams(historyQuery, req.query)));
  app.get('/v1/rollouts', read, async (req) => crl.rollout.status(parseParams(rolloutsQuery, req.query)));
  app.get('/v1/rollouts/history', read, async (req) => crl.rollout.history(parseParams(historyQuery, req.query)));
  app.get('/v1/proposals', read, async (req) => crl.proposals.list(parseParams(proposalsQuery, req.query)));
  app.get('/v1/proposals/:id', read, async (req) => {
    parseParams(none, req.query);
    return crl.proposals.show(parseParams(proposalId, req.params, 'field').id);
  });
  app.get('/v1/dashboard', read, async (req) => {
    parseParams(none, req.query);
    return crl.dashboard.build();
  });
}
