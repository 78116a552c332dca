import i18next from 'i18next';
import type { StructureTest, TestKind } from '../api/campaigns';
import { translatedLabels } from '../lib/labels';

export const TEST_KINDS: TestKind[] = [
  'majority_petition',
  'photo_petition',
  'badge_day',
  'march_on_the_boss',
  'indicative_vote',
  'strike',
  'own',
];

export const TEST_KIND_LABELS = translatedLabels<TestKind>({
  majority_petition: () => i18next.t('Majority petition'),
  photo_petition: () => i18next.t('Photo petition'),
  badge_day: () => i18next.t('Badge or sticker day'),
  march_on_the_boss: () => i18next.t('March on the boss'),
  indicative_vote: () => i18next.t('Indicative vote'),
  strike: () => i18next.t('Strike'),
  own: () => i18next.t('Our own kind'),
});

export const PETITION_KINDS: readonly TestKind[] = ['majority_petition', 'photo_petition'];

/** The test's kind as the group names it: its own name for a kind of its own. */
export function testKindName(test: Pick<StructureTest, 'kind' | 'own_kind'>): string {
  return test.kind === 'own' && test.own_kind ? test.own_kind : TEST_KIND_LABELS[test.kind];
}
