import i18next from 'i18next';
import type { StoryStatus } from '../../api/stories';

/** The board's columns, in the order a story moves through them. */
export const STORY_STATUSES: readonly StoryStatus[] = ['idea', 'assigned', 'drafted', 'checked', 'ready', 'printed', 'spiked'];

export function storyStatusLabel(status: StoryStatus): string {
  switch (status) {
    case 'idea':
      return i18next.t('Idea');
    case 'assigned':
      return i18next.t('Assigned');
    case 'drafted':
      return i18next.t('Drafted');
    case 'checked':
      return i18next.t('Checked');
    case 'ready':
      return i18next.t('Ready');
    case 'printed':
      return i18next.t('Printed');
    case 'spiked':
      return i18next.t('Spiked');
  }
}

export function isStoryStatus(value: unknown): value is StoryStatus {
  return typeof value === 'string' && (STORY_STATUSES as readonly string[]).includes(value);
}
