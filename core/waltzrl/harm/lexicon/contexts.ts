/**
 * Contexts that explain alarming words in a whole prompt, for the prompt reading: combat sports and games,
 * staged and filmed scenes, past wars and eras. General vocabulary only; patterns match normalised text.
 */

import { oneOf } from '../../text/regex-parts';

const SPORTS = oneOf([
  'judo',
  'karate',
  'jiu[- ]?jitsu',
  'bjj',
  'taekwondo',
  'kung fu',
  'aikido',
  'krav maga',
  'kickboxing',
  'boxing',
  'mma',
  'muay thai',
  'wrestling',
  'sumo',
  'fencing',
  'kendo',
  'self-defen[cs]e class',
  'rugby',
  'american football',
  'ice hockey',
  'hockey',
  'lacrosse',
  'dodgeball',
  'water polo',
  'volleyball',
  'baseball',
  'cricket',
  'snooker',
  'darts',
  'bowling',
  'archery',
  'a (?:match|bout|round|tournament|sparring session)',
  'the ring',
  'the octagon',
]);
/** A combat sport or a game as the setting ("choke an opponent in judo", "knock out pins in bowling"). */
export const SPORT_CONTEXT = `\\b(?:in|at|during|for|of) (?:a |an |the |my |our )?(?:\\w+ )?${SPORTS}\\b`;

const SCREEN_WORKS = oneOf([
  'tv show',
  'tv series',
  'television',
  'show',
  'series',
  'sitcom',
  'soap opera',
  'film',
  'movie',
  'short film',
  'music video',
  'video',
  'documentary',
  'theat(?:re|er)',
  'stage',
  'play',
  'musical',
  'opera',
  'haunted house',
  'escape room',
  'halloween',
  'costume',
  'murder mystery (?:party|game|dinner)',
  'larp',
  'reenactment',
  're-enactment',
  'special effects?',
  'props?',
]);
/** A staged or filmed scene as the setting ("stage a massacre for a TV show", "fake blood for a film"). */
export const SCREEN_CONTEXT = `\\b(?:for|in|on) (?:a |an |the |my |our |this |his |her )?(?:\\w+ )?${SCREEN_WORKS}\\b`;

const PAST_ERAS = oneOf([
  'world war (?:i|ii|1|2|one|two)',
  'ww(?:i|ii|1|2)',
  'the (?:first|second) world war',
  'the (?:\\w+ )?(?:war|wars|revolution|crusades?|inquisition|blitz|cold war|middle ages|dark ages|reformation)',
  'the (?:\\d{2}th|\\w+teenth) century',
  'the \\d{4}s',
  'the (?:roman|ottoman|british|mongol|aztec|inca|persian|byzantine) (?:empire|era|conquest)',
  'ancient (?:\\w+ )?(?:times|rome|greece|egypt|china|history)',
  'medieval (?:times|europe|england|history)',
  'the (?:stone|bronze|iron|viking|victorian|tudor|colonial) (?:age|era|period|times)',
  'prohibition',
  '(?:in )?\\d{3,4}(?: ad| bc)?',
]);
/** A past war or era named as the time of the question ("during World War I, what weapons killed …"). */
export const PAST_ERA = `\\b(?:during|in|throughout|before|after) ${PAST_ERAS}\\b`;

/**
 * The asker stays safe, protects, reports, recognises, treats or stops a harm ("what are the signs of …",
 * "how do I protect my …", "is it dangerous to …"): phrases, not single words ("detector" is no "detect").
 */
export const SAFETY_ASKS = oneOf([
  'is it (?:safe|dangerous|harmful|legal|illegal|okay|ok|bad) (?:to|for)',
  'how (?:dangerous|harmful|toxic|safe|legal) (?:is|are)',
  '(?:what|which) (?:are|is) the (?:signs|symptoms|warning signs|risks|dangers|side effects|effects) of',
  '(?:signs|symptoms) (?:of|that)',
  'how (?:do|can|should) (?:i|we|you|one|people) (?:protect|defend|secure|shield) (?:myself|ourselves|yourself|my|our|a|the|against|from)',
  'how (?:do|can|should) (?:i|we|you|one|people) (?:report|recogni[sz]e|spot|identify|prevent|treat|survive)\\b',
  'avoid (?:being|getting) (?:scammed|robbed|hacked|phished|mugged|poisoned|infected|hurt|injured|attacked|stalked|tracked|burgled)',
  'how (?:do|can|should) (?:i|we|you) (?:safely )?(?:dispose of|get rid of (?:old|expired|unused))',
  'how (?:do|can) (?:i|we) (?:quit|stop using|stop taking|cut down on|get help|recover|get clean|get sober)',
  '(?:treatment|cure|antidote|first aid) (?:for|of)',
  'what (?:should|do) (?:i|we|you) do if (?:i|we|you|someone|my|a|an)',
  'how (?:do|can) (?:i|we) (?:stay|keep (?:\\w+ )?) safe',
  '(?:talk to|explain to|warn) (?:my|our|a) (?:kids?|children|teens?|teenagers?|son|daughter|students?) about',
  'with a (?:prescription|doctor\'s note)',
  'legally',
]);
