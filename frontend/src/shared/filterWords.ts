import { useCallback, useMemo } from 'react';
import { useQueries, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ContactFilterSpec } from '../api/callLists';
import { contactListParams, scaleQuery, type ContactFilters } from '../api/contacts';
import { departmentsQuery, shiftsQuery } from '../api/workplaces';
import { formatList } from '../lib/format';
import { languageName } from '../lib/spokenLanguages';
import { MEMBERSHIP_LABELS, levelLabel } from './levels';
import { useMembers } from './useMembers';
import { useWorkplaceNames } from './workplaceLookups';

/**
 * Saved filters in words ("Workplace: Riverside Depot · Not talked to in 30 days"), with
 * the names of the workplaces, departments, shifts and members they hold by id. `specs` are
 * the filters that will be described, so the departments and shifts of their workplaces are
 * read.
 */
export function useFilterWords(groupId: string, specs: readonly ContactFilterSpec[]) {
  const { t } = useTranslation();
  const workplaces = useWorkplaceNames(groupId);
  const members = useMembers(groupId);
  const scale = useQuery(scaleQuery(groupId));
  const workplaceIds = [...new Set(specs.map((spec) => spec.workplace_id).filter((id): id is string => Boolean(id)))];
  const parts = useQueries({
    queries: workplaceIds.flatMap((id) => [departmentsQuery(groupId, id), shiftsQuery(groupId, id)]),
  });
  const partNames = useMemo(
    () => new Map(parts.flatMap((part) => (part.data ?? []).map((item) => [item.id, item.name] as const))),
    [parts],
  );

  const conditions = useCallback(
    (spec: ContactFilterSpec): string[] => {
      const named = (id: string, names: Map<string, string>) => names.get(id) ?? t('(no longer there)');
      const words: string[] = [];
      if (spec.q) words.push(t('Words: “{q}”', { q: spec.q }));
      if (spec.workplace_id) words.push(t('Workplace: {name}', { name: named(spec.workplace_id, workplaces) }));
      if (spec.department_id) words.push(t('Department: {name}', { name: named(spec.department_id, partNames) }));
      if (spec.shift_id) words.push(t('Shift: {name}', { name: named(spec.shift_id, partNames) }));
      if (spec.assessment_level) {
        const level = spec.assessment_level === 'unassessed' ? null : Number(spec.assessment_level);
        words.push(
          t('Assessment: {level}', {
            level: level === null ? levelLabel(scale.data, null) : `${level} ${levelLabel(scale.data, level)}`,
          }),
        );
      }
      if (spec.membership_status) words.push(MEMBERSHIP_LABELS[spec.membership_status]);
      if (spec.tag) words.push(t('Tag: {tag}', { tag: spec.tag }));
      if (spec.organiser_id) words.push(t('Organiser: {name}', { name: named(spec.organiser_id, members.names) }));
      if (spec.not_contacted_days) {
        words.push(t('Not talked to in {days, plural, one {# day} other {# days}}', { days: spec.not_contacted_days }));
      }
      if (spec.speaks && spec.speaks.length > 0) {
        words.push(t('Speaks: {languages}', { languages: formatList(spec.speaks.map((code) => languageName(code))) }));
      }
      return words;
    },
    [t, workplaces, partNames, members.names, scale.data],
  );

  /** The whole filter on one line; "Everyone" when it has no conditions. */
  const describe = useCallback(
    (spec: ContactFilterSpec): string => {
      const words = conditions(spec);
      return words.length === 0 ? t('Everyone') : words.join(' · ');
    },
    [conditions, t],
  );

  return { conditions, describe };
}

/** The contacts page's filters (its URL names) as the API's filter: the list's query without
 * its order. */
export function specFromFilters(filters: ContactFilters): ContactFilterSpec {
  return contactListParams({ ...filters, sort: undefined });
}

/** A saved filter as the contacts page's filters (every condition it can hold has a place). */
export function filtersFromSpec(spec: ContactFilterSpec): ContactFilters {
  const level = spec.assessment_level;
  return {
    q: spec.q ?? undefined,
    workplace: spec.workplace_id ?? undefined,
    department: spec.department_id ?? undefined,
    shift: spec.shift_id ?? undefined,
    level: level === undefined || level === null ? undefined : level === 'unassessed' ? level : Number(level),
    membership: spec.membership_status ?? undefined,
    tag: spec.tag ?? undefined,
    organiser: spec.organiser_id ?? undefined,
    quiet: spec.not_contacted_days ?? undefined,
    speaks: spec.speaks && spec.speaks.length > 0 ? spec.speaks.join(',') : undefined,
  };
}

/** Whether a filter holds any condition at all (an empty one matches everyone). */
export function hasConditions(spec: ContactFilterSpec | null | undefined): spec is ContactFilterSpec {
  return spec !== null && spec !== undefined && !sameFilter(spec, {});
}

/** Whether two filters hold the same conditions (an empty or null condition is no condition). */
export function sameFilter(a: ContactFilterSpec, b: ContactFilterSpec): boolean {
  const conditions = (spec: ContactFilterSpec) =>
    JSON.stringify(Object.entries(specFromFilters(filtersFromSpec(spec))).sort(([x], [y]) => x.localeCompare(y)));
  return conditions(a) === conditions(b);
}
