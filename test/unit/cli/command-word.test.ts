import { describe, expect, it } from 'vitest';
import { commandWord } from '../../../src/cli/command-word';

describe('commandWord: the first argument after the global options', () => {
  it.each([
    [['record', '--agent', 'a'], 'record'],
    [['--data-dir', 'd', 'record'], 'record'],
    [['--data-dir=d', 'record'], 'record'],
    [['--config', 'c.json', '--data-dir', 'd', 'record'], 'record'],
    [['--config=c.json', 'record'], 'record'],
    [['--data-dir', 'record', 'q'], 'q'],
    [['q', 'record'], 'q'],
    [['--help', 'record'], undefined],
    [['--data-dir'], undefined],
    [[], undefined],
    [['--data', 'd', 'record'], undefined],
    [['--database-url', 'postgres://u:p@h/db', 'record'], 'record'],
    [['--database-url=postgres://u:p@h/db', 'record'], 'record'],
    [['--data-dir', 'd', '--database-url', 'postgres://h/db', '--config', 'c.json', 'record'], 'record'],
    [['--database-url', 'record', 'q'], 'q'],
    [['--database-url'], undefined],
  ])('%j → %s', (args, word) => {
    expect(commandWord(args)).toBe(word);
  });
});
