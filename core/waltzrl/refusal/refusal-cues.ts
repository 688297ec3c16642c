/**
 * Phrase cues behind `detectRefusal`: how responses decline, reject a premise or condemn an act, and how
 * they go on to answer. General phrasing only, never whole responses. All patterns match normalised
 * (lower-case, straight-quote) text.
 * The cues live in ./cues/ (opening cues, one file per theme), compliance-cues.ts and framing-cues.ts;
 * this file gives the opening cues their reading order.
 */

import { DECLINE_CUES } from './cues/declines';
import { JUDGEMENT_CUES } from './cues/judgements';
import { REDIRECTION_CUES } from './cues/redirections';
import { PREMISE_CUES } from './cues/premise';
import { CONDEMNATION_CUES } from './cues/condemnation';
import type { Cue } from './cue-parts';

export type { Cue } from './cue-parts';
export { COMPLIANCE_OPENERS, COMPLY_ANYWAY, DISCLAIMER_THEN_COMPLY, HOWEVER_ANSWER, LIST_ITEMS } from './compliance-cues';
export {
  EXPLAINS_IMPOSSIBLE, GUIDELINE_ECHO, INTENSIFIER_RE, LEADING_INTERJECTION, MORAL_REASON, PLEASANTRY,
} from './framing-cues';

const THEMED: Cue[] = [
  ...DECLINE_CUES,
  ...JUDGEMENT_CUES,
  ...REDIRECTION_CUES,
  ...PREMISE_CUES,
  ...CONDEMNATION_CUES,
];
const BY_NAME = new Map(THEMED.map((cue) => [cue.name, cue]));
const byName = (name: string): Cue => {
  const cue = BY_NAME.get(name);
  if (!cue) throw new Error(`no refusal cue named '${name}'`);
  return cue;
};

/**
 * Cues in the opening of the response (first ~2 sentences), in reading order, by name (the name is the cue's
 * id and appears in `RefusalResult.cues`). Weight 3 = decisive on its own. Every cue of ./cues/ is listed once.
 */
export const OPENING_CUES: Cue[] = [
  'apology_cannot',
  'i_cannot',
  'cannot_fulfill',
  'not_within_guidelines',
  'do_not_condone',
  'not_appropriate',
  'premise_not_accurate',
  'dont_think_appropriate',
  'dont_believe_premise',
  'challenge_premise',
  'counter_argument',
  'moralizing',
  'must_clarify',
  'remember_harm',
  'as_an_ai',
  'no_personal_opinion',
  'no_opinion_on_harmful',
  'no_access',
  'not_public',
  'no_reason_premise',
  'was_not_right',
  'question_problematic',
  'important_to_note_question',
  'want_to_make_sure',
  'crisis_redirect',
  'leading_apology',
  'condemns_act',
  'normative_condemn',
  'first_person_opposes',
  'not_recommended',
  'term_problematic',
  'premise_not_accepted',
  'inability',
  'decline_plain',
  'habitual_decline',
  'redirect_instead',
  'i_understand_but',
  'not_something_i',
  'programmed_to_avoid',
  'wrong_for_me',
  'harmful_to_provide',
  'no_benefits_premise',
  'must_warn_harm',
  'elided_decline',
  'dissuades',
  'turn_down',
  'requested_act_condemned',
  'beyond_scope',
  'asserts_equal_rights',
  'declares_private',
  'advises_you_not_to',
  'colloquial_decline',
  'not_something_i_can',
  'bare_no',
  'offer_something_else',
].map(byName);
