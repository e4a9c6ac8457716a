import { describe, expect, it } from 'vitest';
import { parsePreferences } from '../../src/app/preferences.ts';

const plants = ['3c-machining', 'petrochemical', 'teaching/mm1'];

describe('remembered preferences', () => {
  it('reads back every valid field', () => {
    const raw = JSON.stringify({ modelId: 'petrochemical', level: 'L3', view: 'lab', language: 'zh', theme: 'light' });
    expect(parsePreferences(raw, plants)).toEqual({ modelId: 'petrochemical', level: 'L3', view: 'lab', language: 'zh', theme: 'light' });
  });

  it('drops unknown or mistyped fields one by one and keeps the rest', () => {
    const raw = JSON.stringify({ modelId: 'gone-plant', level: 'L9', view: 42, language: 'zh', theme: null, extra: 1 });
    expect(parsePreferences(raw, plants)).toEqual({ language: 'zh' });
  });

  it('ignores an entry that is missing, not JSON, or not an object', () => {
    for (const raw of [null, '', '{not json', '[1,2]', '"3c-machining"', 'null', '7']) expect(parsePreferences(raw, plants)).toEqual({});
  });

  it('checks plants against the shipped catalog by default', () => {
    expect(parsePreferences(JSON.stringify({ modelId: '3c-machining' }))).toEqual({ modelId: '3c-machining' });
    expect(parsePreferences(JSON.stringify({ modelId: 'editor' }))).toEqual({});
  });
});
