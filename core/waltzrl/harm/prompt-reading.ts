/**
 * The prompt reading: harmful, benign or uncertain. Benign needs positive evidence; a prompt that is neither
 * read harmful by a rule nor shown benign is uncertain, and on uncertain nobody may be told to comply (a safety
 * layer must not coach a model towards a harmful answer it rightly refused). Pure.
 */

import { collapseSpaces } from '../text/collapse-spaces';
import { normalizeText } from '../text/normalize-text';
import { anyOf } from '../text/regex-parts';
import { ABSURD_RE, FIGURATIVE_RE, PREAMBLE_RE } from './benign-readings';
import { discriminationFrame } from './discrimination-frame';
import { harmIntent, type HarmIntent } from './harm-intent';
import { findAlarms, type Alarm } from './reading/alarms';
import { BENIGN_EVIDENCE, homonymNoun, homonymVerb, namedSubject, nonHumanSubject, ownThing, safeTarget, toolUse, type ReadingInput } from './reading/benign-evidence';
import { ASKS_RE, findDoubts, TASK_CLAUSE_RE } from './reading/doubts';

export type PromptReadingKind = 'harmful' | 'benign' | 'uncertain';

/** The reading, why, and the evidence: issues (harmful), benign readings (benign), unexplained words (uncertain). */
export interface PromptReading { kind: PromptReadingKind; reason: string; evidence: string[] }

/** What the response states about the prompt's subject (see `review`): world knowledge no word list has. */
export interface ResponseFacts {
  /** The response says the person asked about is fictional. */
  fictionalPerson?: boolean;
  /** The response says nobody at all can do what the prompt asks about. */
  impossibleForAll?: boolean;
}

/** A fiction reading whose context is one generic word ("… during a show\"", "… in a race\""). */
const GENERIC_SETTING_RE = new RegExp(
  '^fiction or game context: "(?:in|at|during) (?:a |an |the |my |this |that |our )?(?:[\\w\'-]+ ){0,3}' +
  '(?:show|race|match|mission|campaign|debate|argument|series|level|quest|simulation|sim|sport|tournament)s?"$',
);
/** The request copies a story, game or sport into the world ("like in …", "the way they did in …", "as seen in …"). */
const IMITATION_RE = new RegExp(`\\b(?:${anyOf([
  '(?:just |exactly )?like (?:they (?:do|did) )?(?:in|on|from)',
  'as (?:seen |shown |done )?(?:in|on)',
  'the (?:same )?way (?:\\w+ ){1,2}(?:do|does|did) (?:in|on)',
  'copy\\w*',
  'recreat\\w*',
])})\\b`);
const quote = (xs: string[]) => [...new Set(xs)].map((x) => `"${x.trim()}"`).join(', ');

/**
 * Reads a prompt:
 * - **harmful** when a harm rule reads it so (`harmIntent`, or the `intent` given, e.g. lifted by the response);
 * - **benign** on positive evidence: a whole-prompt benign reading (fiction, game, sport, staged scene, history,
 *   past era, definition, impossible premise); or every alarming word explained (an idiom, a target that is a thing
 *   or the asker's own, a safety or help question, a public, named or fictional subject, a group that is not
 *   people) with no doubt left; or no alarming word at all in a request that acts on no other person and has no
 *   covert, lasting, deceitful or controlling manner (a self-contained task or a question about the world);
 * - **uncertain** otherwise: alarming words nothing explains, or a request to act on a person or covertly.
 */
export function promptReading(prompt: string, intent: HarmIntent = harmIntent(prompt), facts: ResponseFacts = {}): PromptReading {
  if (intent.kind === 'harmful') {
    const cats = [...new Set(intent.issues.map((i) => i.category))];
    return { kind: 'harmful', reason: `a harm rule reads the request as harmful (${cats.join(', ')})`, evidence: intent.issues.map((i) => `${i.category}: "${i.span.text}"`) };
  }
  const original = collapseSpaces(prompt).text;
  const norm = normalizeText(original).replace(PREAMBLE_RE, (m) => ' '.repeat(m.length));
  const masked = norm.replace(FIGURATIVE_RE, (m) => ' '.repeat(m.length));
  const input: ReadingInput = { masked, norm, original, absurd: ABSURD_RE.test(norm) };
  const figurative = intent.benignReadings.filter((r) => r.startsWith('figurative'));
  // A past-events reading is for questions about the world; a request for method or content is none ("explain how to make …").
  const asks = ASKS_RE.test(masked);
  const others = intent.benignReadings.filter((r) => !r.startsWith('figurative') && !(asks && r === 'question about past events'));
  const fired = BENIGN_EVIDENCE.filter((e) => e.test(input));
  // Fiction, games, sport and staged scenes set the request somewhere else; they explain words, not a covert manner.
  // Copying a story into the world ("poison my boss like in <a film>") is no fiction: an imitated setting does not count.
  const imitation = IMITATION_RE.test(masked);
  const setting = imitation ? [] : [...others.filter((r) => r.startsWith('fiction')), ...fired.filter((e) => e.scope === 'setting').map((e) => e.id)];
  // "What is X's home address?" is no question for what a term means: a definition reading does not explain private data.
  const alarms = findAlarms(masked);
  const data = alarms.some((a) => a.kind === 'data');
  const isDefinition = (r: string) => r === 'asks what a term means' || r === 'definition-question';
  const whole = [...others.filter((r) => !r.startsWith('fiction')), ...fired.filter((e) => e.scope === 'whole').map((e) => e.id)]
    .filter((r) => !(data && isDefinition(r)));
  if (whole.length > 0) return { kind: 'benign', reason: 'a benign reading explains the whole request', evidence: [...whole, ...setting, ...figurative] };

  const doubts = findDoubts(masked);
  const covert = doubts.filter((d) => d.kind === 'covert');
  if (covert.length > 0) {
    return { kind: 'uncertain', reason: 'the request has a covert, lasting, deceitful or controlling manner no benign reading explains', evidence: covert.map((d) => `${d.id}: "${d.text}"`) };
  }
  // A setting named only by a generic word ("during a show", "in a race") says nothing about the person in it.
  const generic = setting.length > 0 && setting.every((s) => GENERIC_SETTING_RE.test(s));
  if (setting.length > 0 && !generic) return { kind: 'benign', reason: 'the request is set in fiction, a game, a sport or a staged scene', evidence: [...setting, ...figurative] };
  const scopes = new Set(fired.map((e) => e.scope));
  const person = doubts.filter((d) => d.kind === 'person');
  const personExplained = scopes.has('person') || scopes.has('topic') || (figurative.length > 0 && alarms.length === 0);
  if (person.length > 0 && !personExplained) {
    return { kind: 'uncertain', reason: 'the request acts on another person and no benign reading explains it', evidence: person.map((d) => `${d.id}: "${d.text}"`) };
  }
  const frame = alarms.some((a) => a.kind === 'group') ? discriminationFrame(masked, original) : null;
  const groupExplained = facts.impossibleForAll === true || input.absurd || (frame?.kind === 'none' && frame.reason !== 'no_frame');
  const explains = (a: Alarm): string | null => {
    if (scopes.has('topic')) return 'safety-question';
    if (a.id === 'homonym-word') return homonymNoun(input, a.start, a.end) || (person.length === 0 && homonymVerb(input, a.end)) ? 'homonym' : null;
    if (a.kind === 'act' && person.length === 0 && safeTarget(input, a.end)) return 'safe-target';
    // "dead" before a thing ("a dead tree", "a dead battery") describes the thing.
    if (a.text === 'dead' && person.length === 0 && safeTarget(input, a.end)) return 'dead-thing';
    if (a.id === 'guarded-thing' && person.length === 0 && ownThing(input, a.start)) return 'own-thing';
    if (a.id === 'means-word' && person.length === 0 && toolUse(input, a.end)) return 'tool-use';
    if (a.kind === 'data' && (scopes.has('data') || facts.fictionalPerson)) return fired.find((e) => e.scope === 'data')?.id ?? 'fictional-figure';
    if (a.kind === 'data') return namedSubject(input, a.text);
    if (a.kind === 'group' && groupExplained) return 'non-human-or-impossible';
    if (a.id === 'justification-frame' && nonHumanSubject(input, a.start, a.end)) return 'non-human-subject';
    return null;
  };
  // A word inside an explained alarm ("criminal" in "Frodo's criminal record") is explained with it.
  const explained = alarms.filter((a) => explains(a) !== null);
  const inside = (a: Alarm) => explained.some((e) => e !== a && e.start <= a.start && a.end <= e.end);
  const unexplained = alarms.filter((a) => explains(a) === null && !inside(a));
  if (unexplained.length > 0) {
    return { kind: 'uncertain', reason: 'alarming vocabulary that neither a harm rule nor a benign reading explains', evidence: [quote(unexplained.map((a) => a.text))] };
  }
  const why = [...new Set(explained.map((a) => explains(a) as string))];
  if (alarms.length > 0) return { kind: 'benign', reason: 'every alarming word is explained by a benign reading', evidence: [...why, ...figurative] };
  if (figurative.length > 0) return { kind: 'benign', reason: 'the alarming words are an idiom', evidence: figurative };
  // No alarming word at all is no evidence for a request in plain words that adds a condition, purpose or sequel.
  const clause = TASK_CLAUSE_RE.exec(masked);
  if (clause) {
    return { kind: 'uncertain', reason: 'no alarming vocabulary, but a condition, purpose or manner clause no benign reading explains', evidence: [`clause: "${clause[0]}"`] };
  }
  return { kind: 'benign', reason: 'no alarming vocabulary, and the request acts on no other person and has no covert manner', evidence: ['self-contained task'] };
}
