import { describe, expect, it } from 'vitest';
import { validateContactSearch, validateFollowUpsSearch, validateWorkplaceSearch } from './search';

const ID = '01a20fbf-aae4-70af-92e7-c6a5f1a452b9';

describe('validateContactSearch', () => {
  it('keeps valid filters from the URL', () => {
    expect(
      validateContactSearch({ q: ' sam ', workplace: ID, level: 'unassessed', membership: 'lapsed', sort: '-last_conversation_at', tag: 'pay' }),
    ).toEqual({ q: 'sam', workplace: ID, level: 'unassessed', membership: 'lapsed', sort: '-last_conversation_at', tag: 'pay' });
    expect(validateContactSearch({ level: '2' })).toEqual({ level: 2 });
    expect(validateContactSearch({ speaks: 'pl,syl,pl' })).toEqual({ speaks: 'pl,syl' });
  });

  it('drops values a hand-edited URL may carry that the API would refuse', () => {
    expect(
      validateContactSearch({ q: '', workplace: 'x', level: '7', membership: 'boss', sort: 'password', organiser: 3, speaks: 'klingon,PL' }),
    ).toEqual({});
    expect(validateContactSearch({ level: 2 })).toEqual({ level: 2 });
    expect(validateContactSearch({ level: 2.5 })).toEqual({});
  });
});

describe('other page searches', () => {
  it('keep only what the page understands', () => {
    expect(validateFollowUpsSearch({ view: 'everyone' })).toEqual({ view: 'everyone' });
    expect(validateFollowUpsSearch({ view: 'all' })).toEqual({});
    expect(validateWorkplaceSearch({ shift: 'none' })).toEqual({ shift: 'none' });
    expect(validateWorkplaceSearch({ shift: 'nights' })).toEqual({});
    expect(validateWorkplaceSearch({ language: 'pl' })).toEqual({ language: 'pl' });
    expect(validateWorkplaceSearch({ language: 'Polish' })).toEqual({});
  });
});
