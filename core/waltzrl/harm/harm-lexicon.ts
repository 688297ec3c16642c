/**
 * Word lists behind `harmIntent`. General vocabulary only (verbs, target nouns, contexts), never
 * whole prompts. All patterns match normalised (lower-case, straight-quote) text.
 * The lists live in ./lexicon/, one file per theme; this file gathers them.
 */

export { VIOLENT_VERBS, PROPERTY, SETTLEMENT, SELF } from './lexicon/violence';
export { GROUP } from './lexicon/groups';
export { HUMAN } from './lexicon/human';
export { DRUG_MEASURE, CRIMINAL_ENTERPRISE } from './lexicon/crime';
export { FICTION_CONTEXT, HISTORY_FRAME, DEFINITION_FRAME } from './lexicon/fiction';
export { FIGURATIVE } from './lexicon/figurative';
export { ABSURD_PREDICATE } from './lexicon/absurd';
export { PRIVATE_DATA, PRIVATE_PERSON, type PrivateDataKind } from './lexicon/privacy';
export { FICTIONAL_CHARACTERS } from './lexicon/fictional-characters';
