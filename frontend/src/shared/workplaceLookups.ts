import { useMemo } from 'react';
import { useQuery } from '@tanstack/react-query';
import { allWorkplacesQuery, departmentsQuery, shiftsQuery } from '../api/workplaces';

/** Workplace names by id, for lists that only carry ids. */
export function useWorkplaceNames(groupId: string): Map<string, string> {
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  return useMemo(
    () => new Map((workplaces.data ?? []).map((workplace) => [workplace.id, workplace.name])),
    [workplaces.data],
  );
}

/** Select options for a workplace's departments and shifts (none until one is chosen). */
export function useWorkplaceParts(groupId: string, workplaceId: string | null | undefined) {
  const enabled = typeof workplaceId === 'string' && workplaceId !== '';
  const departments = useQuery({ ...departmentsQuery(groupId, workplaceId ?? ''), enabled });
  const shifts = useQuery({ ...shiftsQuery(groupId, workplaceId ?? ''), enabled });
  return {
    departments: enabled ? (departments.data ?? []) : [],
    shifts: enabled ? (shifts.data ?? []) : [],
    departmentOptions: (enabled ? (departments.data ?? []) : []).map((d) => ({ value: d.id, label: d.name })),
    shiftOptions: (enabled ? (shifts.data ?? []) : []).map((s) => ({ value: s.id, label: s.name })),
  };
}
