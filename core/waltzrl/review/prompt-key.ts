import { normalizeText } from '../text/normalize-text';

const STOP = new Set(
  ('the and for are but not you your yours with this that these those from into onto over under about what which who whom whose ' +
    'when where why how can could would should will shall may might must have has had does did doing done was were been being ' +
    'there here their them they then than its it\'s i\'m i\'ve i\'d i\'ll let let\'s tell give make get got some any all each every ' +
    'more most much many very just also only such own same too out off again once please want need like know one two way ways ' +
    'something someone anything anyone thing things our ours she her him his hers him himself herself myself yourself')
    .split(/\s+/),
);

/** Normalised prompt and its keywords, used to key coaching sessions and find similar ones. */
export interface PromptKey {
  /** Lower-case, punctuation removed, whitespace collapsed. Same prompt modulo case/spacing/punctuation → same text. */
  normalised: string;
  /** Distinct content words (≥ 3 letters, no stop words), sorted, at most `maxKeywords`. */
  keywords: string[];
}

/** Normalises a prompt and extracts its keywords. Pure. */
export function promptKey(prompt: string, maxKeywords = 24): PromptKey {
  const normalised = normalizeText(prompt).replace(/[^\p{L}\p{N}'\s]+/gu, ' ').replace(/'(?!\p{L})|(?<!\p{L})'/gu, ' ').replace(/\s+/g, ' ').trim();
  const words = new Set<string>();
  for (const w of normalised.split(' ')) {
    const t = w.replace(/'s$/, '');
    if (t.length >= 3 && !STOP.has(t) && !/^\d+$/.test(t)) words.add(t);
  }
  return { normalised, keywords: [...words].sort().slice(0, maxKeywords) };
}
