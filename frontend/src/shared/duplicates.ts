import i18next from 'i18next';
import type { DuplicateMatch } from '../api/contacts';

/**
 * Why a contact may be someone already known. Before saving, the workplace is
 * the one just chosen on the form, so "here" says which.
 */
export function duplicateReason(reason: DuplicateMatch['reason'], { beforeSaving = false } = {}): string {
  switch (reason) {
    case 'email':
      return i18next.t('same email');
    case 'phone':
      return i18next.t('same phone');
    case 'name_at_workplace':
      return beforeSaving ? i18next.t('same name here') : i18next.t('same name at the same workplace');
    case 'similar_name':
      return i18next.t('similar name');
  }
}
