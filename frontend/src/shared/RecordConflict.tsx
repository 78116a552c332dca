import { useQuery } from '@tanstack/react-query';
import { ConflictResolver, type FieldSpec, type RecordNoun } from './ConflictResolver';
import { memberDirectoryQuery } from '../api/memberDirectory';
import { withChanges, type ConflictState } from './forms';

interface Props<V extends object> {
  groupId: string;
  /** What was being edited. */
  noun: RecordNoun;
  state: ConflictState<V>;
  labels: Record<keyof V & string, string>;
  /** A field's value in words. */
  show: (field: keyof V & string, value: unknown) => string;
  saving: boolean;
  /** The values to save with the saved version; `unchanged` when every choice kept the saved value. */
  onSave: (values: V, version: number, unchanged: boolean) => void;
  onCancel: () => void;
}

/**
 * The conflict screen for disputes, ballots, events, actions and labels: the
 * shared side-by-side chooser, told who saved the other version.
 */
export function RecordConflict<V extends object>({
  groupId,
  noun,
  state,
  labels,
  show,
  saving,
  onSave,
  onCancel,
}: Props<V>) {
  type K = keyof V & string;
  const members = useQuery(memberDirectoryQuery(groupId));
  const who =
    state.updatedBy === null
      ? null
      : (members.data?.find((member) => member.user_id === state.updatedBy)?.display_name ?? null);
  const fields: FieldSpec<K>[] = state.diff.map((field) => ({
    name: field.name,
    label: labels[field.name],
    format: (value: unknown) => show(field.name, value),
  }));
  return (
    <ConflictResolver<K>
      noun={noun}
      fields={fields}
      diff={state.diff}
      theirs={{ updatedAt: state.updatedAt, updatedBy: who, version: state.version }}
      saving={saving}
      onSave={({ changes, version }) =>
        onSave(withChanges(state.theirs, changes), version, Object.keys(changes).length === 0)
      }
      onCancel={onCancel}
    />
  );
}
