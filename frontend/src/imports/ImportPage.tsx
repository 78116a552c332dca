import { useEffect, useState } from 'react';
import {
  Alert,
  Badge,
  Button,
  Checkbox,
  FileInput,
  Group,
  List,
  Paper,
  Progress,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../api/errors';
import { groupQuery } from '../api/groups';
import {
  ACTION_LABELS,
  DELIMITER_LABELS,
  ENCODING_LABELS,
  IMPORT_FIELD_LABELS,
  PREVIEW_ROWS,
  deleteImport,
  downloadImportReport,
  importQuery,
  previewImport,
  problemMessage,
  runImport,
  saveMapping,
  uploadImport,
  type Delimiter,
  type FileEncoding,
  type ImportAction,
  type ImportKind,
  type ImportPreview,
  type ImportRead,
  type PreviewRow,
} from '../api/imports';
import { saveFile } from '../api/files';
import { allWorkplacesQuery } from '../api/workplaces';
import { FormAlert } from '../app/FormAlert';
import { usePageTitle } from '../app/usePageTitle';
import { formatCount } from '../lib/format';
import { useApiForm } from '../shared/useApiForm';
import { NoPermission } from '../shared/NoPermission';
import { can } from '../shared/permissions';
import { useWorkplaceParts } from '../shared/workplaceLookups';

const route = getRouteApi('/_app/groups/$groupId/import');

/** The mapping's choice for a column the import leaves out. */
const IGNORED = 'ignored';

// Outlined badges, whose words the theme gives a dark shade of each colour.
const ACTION_COLOURS: Record<ImportAction, string> = {
  create: 'teal',
  update: 'blue',
  skip: 'violet',
  fail: 'red',
};

export function ImportPage() {
  const { groupId } = route.useParams();
  const { t } = useTranslation();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  usePageTitle(t('Import · {group}', { group: group.name }));
  const [file, setFile] = useState<File | null>(null);
  const [job, setJob] = useState<ImportRead | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [started, setStarted] = useState<ImportRead | null>(null);

  const startAgain = () => {
    setFile(null);
    setJob(null);
    setPreview(null);
    setStarted(null);
  };

  return (
    <Stack gap="xl">
      <Stack gap={4}>
        <Title order={1}>{t('Import')}</Title>
        <Text c="dimmed">
          {t(
            'Bring in the contacts or workplaces your group keeps in a spreadsheet: a CSV file or an Excel workbook (.xlsx). Nothing is saved until you confirm the last step, and then every row is imported or none.',
          )}
        </Text>
      </Stack>
      {!can(group, 'records:bulk') ? (
        <NoPermission title={t('Only organisers and owners can import')}>
          {t('Ask an organiser of the group to import the spreadsheet for you.')}
        </NoPermission>
      ) : started !== null ? (
        <RunStep groupId={groupId} started={started} onStartAgain={startAgain} />
      ) : (
        <>
          <UploadStep
            groupId={groupId}
            job={job}
            file={file}
            onUploaded={(uploadedFile, uploaded) => {
              setFile(uploadedFile);
              setJob(uploaded);
              setPreview(null);
            }}
          />
          {job !== null && (
            <MappingStep
              key={job.id}
              groupId={groupId}
              job={job}
              onPreviewed={(mapped, previewed) => {
                setJob(mapped);
                setPreview(previewed);
              }}
            />
          )}
          {job !== null && preview !== null && (
            <PreviewStep groupId={groupId} job={job} preview={preview} onStarted={setStarted} />
          )}
        </>
      )}
    </Stack>
  );
}

interface UploadValues {
  kind: ImportKind;
  file: File | null;
  encoding: string | null;
  delimiter: string | null;
}

function UploadStep({
  groupId,
  job,
  file,
  onUploaded,
}: {
  groupId: string;
  job: ImportRead | null;
  file: File | null;
  onUploaded: (file: File, uploaded: ImportRead) => void;
}) {
  const { t } = useTranslation();
  const { form, formError, onSubmit, showError } = useApiForm<UploadValues>({
    mode: 'controlled',
    initialValues: { kind: 'contacts', file: null, encoding: null, delimiter: null },
    validate: { file: (value) => (value === null ? t('Choose a file to import') : null) },
  });
  const upload = useMutation({
    mutationFn: async (values: UploadValues & { file: File }) => {
      const uploaded = await uploadImport(groupId, values.file, values.kind, {
        encoding: (values.encoding ?? undefined) as FileEncoding | undefined,
        delimiter: (values.delimiter ?? undefined) as Delimiter | undefined,
      });
      // The file read another way replaces the earlier reading, which is not kept.
      if (job !== null) await deleteImport(groupId, job.id).catch(() => undefined);
      return { file: values.file, uploaded };
    },
    onSuccess: ({ file: uploadedFile, uploaded }) => {
      form.setValues({ encoding: uploaded.encoding ?? null, delimiter: uploaded.delimiter ?? null });
      onUploaded(uploadedFile, uploaded);
    },
    onError: showError,
  });
  const send = (values: UploadValues) => {
    const chosen = values.file ?? file;
    if (chosen !== null) upload.mutate({ ...values, file: chosen });
  };
  const encodingOptions = Object.entries(ENCODING_LABELS).map(([value, label]) => ({ value, label }));
  const delimiterOptions = Object.entries(DELIMITER_LABELS).map(([value, label]) => ({ value, label }));
  return (
    <section aria-labelledby="import-file-heading">
      <Title order={2} size="h3" id="import-file-heading" mb="xs">
        {t('1. The file')}
      </Title>
      <Paper withBorder p="md">
        <form
          noValidate
          aria-labelledby="import-file-heading"
          onSubmit={onSubmit((values) => send({ ...values, encoding: null, delimiter: null }))}
        >
          <Stack gap="sm">
            <FormAlert message={formError} />
            <SegmentedControl
              aria-label={t('What the rows are')}
              data={[
                { value: 'contacts', label: t('Contacts') },
                { value: 'workplaces', label: t('Workplaces') },
              ]}
              style={{ alignSelf: 'flex-start' }}
              {...form.getInputProps('kind')}
            />
            <FileInput
              label={t('Spreadsheet')}
              description={t('CSV or Excel (.xlsx), with a header row naming the columns')}
              placeholder={t('Choose a file')}
              accept=".csv,.txt,.tsv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              {...form.getInputProps('file')}
            />
            <Button type="submit" loading={upload.isPending} style={{ alignSelf: 'flex-start' }}>
              {t('Read the file')}
            </Button>
          </Stack>
        </form>
        {job !== null && (
          <Stack gap="sm" mt="md">
            <Text>
              {t('{filename} · rows: {rows} · columns: {columns}', {
                filename: job.filename,
                rows: formatCount(job.row_count),
                columns: formatCount(job.header.length),
              })}
            </Text>
            {job.file_format === 'csv' ? (
              <form
                noValidate
                aria-label={t('How the file is read')}
                onSubmit={onSubmit((values) => send(values))}
              >
                <Stack gap="sm">
                  <Text size="sm" c="dimmed">
                    {t('If names look wrong (“Å‚” instead of “ł”) or the columns run together, choose how the file was saved and read it again.')}
                  </Text>
                  <SimpleGrid cols={{ base: 1, sm: 2 }}>
                    <Select
                      label={t('Characters (encoding)')}
                      data={encodingOptions}
                      allowDeselect={false}
                      {...form.getInputProps('encoding')}
                    />
                    <Select
                      label={t('Columns separated by')}
                      data={delimiterOptions}
                      allowDeselect={false}
                      {...form.getInputProps('delimiter')}
                    />
                  </SimpleGrid>
                  <Button
                    type="submit"
                    variant="default"
                    loading={upload.isPending}
                    style={{ alignSelf: 'flex-start' }}
                  >
                    {t('Read it again')}
                  </Button>
                </Stack>
              </form>
            ) : (
              <Text size="sm" c="dimmed">
                {t('An Excel workbook: the first sheet is read.')}
              </Text>
            )}
          </Stack>
        )}
      </Paper>
    </section>
  );
}

interface MappingValues {
  columns: Record<string, string>;
  default_workplace_id: string | null;
  default_department_id: string | null;
  default_shift_id: string | null;
}

function MappingStep({
  groupId,
  job,
  onPreviewed,
}: {
  groupId: string;
  job: ImportRead;
  onPreviewed: (job: ImportRead, preview: ImportPreview) => void;
}) {
  const { t } = useTranslation();
  const saved = job.mapping ?? job.suggested_mapping;
  const { form, formError, onSubmit, showError } = useApiForm<MappingValues>({
    mode: 'controlled',
    initialValues: {
      columns: Object.fromEntries(job.header.map((column) => [column, saved[column] ?? IGNORED])),
      default_workplace_id: job.default_workplace_id ?? null,
      default_department_id: job.default_department_id ?? null,
      default_shift_id: job.default_shift_id ?? null,
    },
  });
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const parts = useWorkplaceParts(groupId, form.values.default_workplace_id);
  const mutation = useMutation({
    mutationFn: async (values: MappingValues) => {
      const mapped = await saveMapping(groupId, job.id, {
        columns: Object.fromEntries(
          Object.entries(values.columns).map(([column, field]) => [column, field === IGNORED ? null : field]),
        ),
        default_workplace_id: values.default_workplace_id,
        default_department_id: values.default_department_id,
        default_shift_id: values.default_shift_id,
        match_by: job.match_by,
        on_match: job.on_match,
      });
      return { mapped, preview: await previewImport(groupId, job.id) };
    },
    onSuccess: ({ mapped, preview }) => onPreviewed(mapped, preview),
    onError: showError,
  });
  const fieldOptions = [
    { value: IGNORED, label: t('Not imported') },
    ...job.available_fields.map((field) => ({
      value: field.name,
      label: IMPORT_FIELD_LABELS[field.name] ?? field.label,
    })),
  ];
  const workplaceOptions = (workplaces.data ?? []).map((workplace) => ({ value: workplace.id, label: workplace.name }));
  return (
    <section aria-labelledby="import-mapping-heading">
      <Title order={2} size="h3" id="import-mapping-heading" mb={4}>
        {t('2. What each column holds')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('Guessed from the column names: change any that are wrong. Columns not imported are left out.')}
      </Text>
      <Paper withBorder p="md">
        <form
          noValidate
          aria-labelledby="import-mapping-heading"
          onSubmit={onSubmit((values) => {
            mutation.mutate(values);
          })}
        >
          <Stack gap="md">
            <FormAlert message={formError} />
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {job.header.map((column) => (
                <Select
                  key={column}
                  label={t('Column “{column}”', { column })}
                  data={fieldOptions}
                  allowDeselect={false}
                  {...form.getInputProps(`columns.${column}`)}
                  error={form.errors[`columns.${column}`]}
                />
              ))}
            </SimpleGrid>
            {job.kind === 'contacts' && (
              <Stack gap="xs">
                <Text fw={500}>{t('For rows that name no workplace')}</Text>
                <SimpleGrid cols={{ base: 1, sm: 3 }}>
                  <Select
                    label={t('Default workplace')}
                    placeholder={t('None')}
                    data={workplaceOptions}
                    clearable
                    searchable
                    {...form.getInputProps('default_workplace_id')}
                    onChange={(value) =>
                      form.setValues({ default_workplace_id: value, default_department_id: null, default_shift_id: null })
                    }
                  />
                  <Select
                    label={t('Default department')}
                    placeholder={t('None')}
                    data={parts.departmentOptions}
                    disabled={form.values.default_workplace_id === null}
                    clearable
                    {...form.getInputProps('default_department_id')}
                  />
                  <Select
                    label={t('Default shift')}
                    placeholder={t('None')}
                    data={parts.shiftOptions}
                    disabled={form.values.default_workplace_id === null}
                    clearable
                    {...form.getInputProps('default_shift_id')}
                  />
                </SimpleGrid>
              </Stack>
            )}
            <Button type="submit" loading={mutation.isPending} style={{ alignSelf: 'flex-start' }}>
              {t('Preview the import')}
            </Button>
          </Stack>
        </form>
      </Paper>
    </section>
  );
}

function PreviewStep({
  groupId,
  job,
  preview,
  onStarted,
}: {
  groupId: string;
  job: ImportRead;
  preview: ImportPreview;
  onStarted: (started: ImportRead) => void;
}) {
  const { t } = useTranslation();
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const run = useMutation({
    mutationFn: () => runImport(groupId, job.id, skipInvalid),
    onSuccess: onStarted,
    onError: (error) => setFormError(errorMessage(error)),
  });
  const { summary } = preview;
  const importable = summary.create + summary.update;
  const blocked = preview.will_refuse && !skipInvalid;
  const newPlaces = [
    ...summary.new_workplaces.map((name) => t('Workplace: {name}', { name })),
    ...summary.new_departments.map((name) => t('Department: {name}', { name })),
    ...summary.new_shifts.map((name) => t('Shift: {name}', { name })),
  ];
  return (
    <section aria-labelledby="import-preview-heading">
      <Title order={2} size="h3" id="import-preview-heading" mb="xs">
        {t('3. Check and import')}
      </Title>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 2, sm: 4 }} role="list" aria-label={t('What the import will do')}>
          {(['create', 'update', 'skip', 'fail'] as const).map((action) => (
            <Paper key={action} withBorder p="sm" role="listitem">
              <Text size="xl" fw={700}>
                {formatCount(summary[action])}
              </Text>
              <Text size="sm">{ACTION_LABELS[action]}</Text>
            </Paper>
          ))}
        </SimpleGrid>
        {newPlaces.length > 0 && (
          <Stack gap={4}>
            <Text fw={500}>{t('New places the import will add')}</Text>
            <List size="sm">
              {newPlaces.map((place) => (
                <List.Item key={place}>{place}</List.Item>
              ))}
            </List>
          </Stack>
        )}
        {preview.rows.length < summary.create + summary.update + summary.skip + summary.fail && (
          <Text size="sm" c="dimmed">
            {t('The first {rows, plural, one {# row is} other {# rows are}} shown; the totals above cover the whole file.', {
              rows: PREVIEW_ROWS,
            })}
          </Text>
        )}
        <Stack gap="xs" role="list" aria-label={t('Rows of the file')}>
          {preview.rows.map((row) => (
            <PreviewRowCard key={row.row} row={row} />
          ))}
        </Stack>
        <FormAlert message={formError} />
        {preview.will_refuse && (
          <Alert color="orange" variant="light">
            <Stack gap="xs">
              <Text fw={700}>{t('Some rows have problems')}</Text>
              <Text size="sm">
                {t(
                  'An import is all or nothing: fix the rows in your spreadsheet and upload it again, or import the other rows and leave these out (the report lists them).',
                )}
              </Text>
              <Checkbox
                label={t('Import the other rows and leave out the ones with problems')}
                checked={skipInvalid}
                onChange={(event) => setSkipInvalid(event.currentTarget.checked)}
              />
            </Stack>
          </Alert>
        )}
        <Button
          onClick={() => {
            setFormError(null);
            run.mutate();
          }}
          loading={run.isPending}
          disabled={blocked || importable === 0}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('Import {rows, plural, one {# row} other {# rows}}', { rows: importable })}
        </Button>
      </Stack>
    </section>
  );
}

function PreviewRowCard({ row }: { row: PreviewRow }) {
  const { t } = useTranslation();
  const cells = Object.entries(row.cells).filter(([, value]) => value !== '');
  return (
    <Paper withBorder p="sm" role="listitem" aria-label={t('Row {row}', { row: row.row })}>
      <Group justify="space-between" gap="xs" mb={4} wrap="wrap">
        <Text fw={600}>{t('Row {row}', { row: row.row })}</Text>
        <Badge color={ACTION_COLOURS[row.action]} style={{ textTransform: 'none' }}>
          {ACTION_LABELS[row.action]}
        </Badge>
      </Group>
      <Text size="sm" className="break-anywhere">
        {cells.map(([column, value]) => `${column}: ${value}`).join(' · ')}
      </Text>
      {row.errors.length > 0 && (
        <List size="sm" mt={4} c="red.8">
          {row.errors.map((problem, index) => (
            <List.Item key={index}>
              {problem.column !== null
                ? t('{column}: {problem}', { column: problem.column, problem: problemMessage(problem) })
                : problemMessage(problem)}
            </List.Item>
          ))}
        </List>
      )}
    </Paper>
  );
}

function RunStep({
  groupId,
  started,
  onStartAgain,
}: {
  groupId: string;
  started: ImportRead;
  onStartAgain: () => void;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const status = useQuery({
    ...importQuery(groupId, started.id),
    initialData: started,
    refetchInterval: (query) => (query.state.data?.status === 'running' ? 1000 : false),
  });
  const job = status.data;
  const finished = job.status !== 'running';
  useEffect(() => {
    // What the import wrote shows in every list once it has finished.
    if (job.status === 'done') void queryClient.invalidateQueries({ queryKey: ['groups', groupId] });
  }, [job.status, groupId, queryClient]);
  const download = useMutation({
    mutationFn: () => downloadImportReport(groupId, job.id),
    onSuccess: saveFile,
  });
  const { processed_rows: processed, total_rows: total } = job.progress;
  const percent = total > 0 ? Math.round((processed / total) * 100) : 0;
  return (
    <section aria-labelledby="import-run-heading">
      <Title order={2} size="h3" id="import-run-heading" mb="xs">
        {finished ? t('The import has finished') : t('Importing…')}
      </Title>
      <Paper withBorder p="md">
        <Stack gap="sm">
          {!finished && (
            <>
              <Progress
                value={percent}
                animated
                aria-label={t('Rows imported')}
                aria-valuetext={t('{processed} of {total} rows', {
                  processed: formatCount(processed),
                  total: formatCount(total),
                })}
              />
              <Text size="sm" aria-live="polite">
                {t('{processed} of {total} rows', { processed: formatCount(processed), total: formatCount(total) })}
              </Text>
            </>
          )}
          {job.status === 'done' && (
            <Alert color="green" variant="light" role="status">
              {t('Added: {created} · updated: {updated} · skipped: {skipped} · left out: {failed}', {
                created: formatCount(job.counts.created),
                updated: formatCount(job.counts.updated),
                skipped: formatCount(job.counts.skipped),
                failed: formatCount(job.counts.failed),
              })}
            </Alert>
          )}
          {job.status === 'failed' && (
            <Alert color="red" variant="light" role="alert">
              {job.counts.failed > 0
                ? t(
                    'Nothing was imported: {rows, plural, one {# row has} other {# rows have}} problems. The report lists them; fix them and upload the file again.',
                    { rows: job.counts.failed },
                  )
                : t('The import stopped and nothing was imported. Try again; the report says what happened to each row.')}
            </Alert>
          )}
          {status.isError && <FormAlert message={errorMessage(status.error)} />}
          <FormAlert message={download.isError ? errorMessage(download.error) : null} />
          {finished && (
            <Group gap="sm">
              <Button variant="default" onClick={() => download.mutate()} loading={download.isPending}>
                {t('Download the report')}
              </Button>
              <Button variant="subtle" onClick={onStartAgain}>
                {t('Import another file')}
              </Button>
            </Group>
          )}
        </Stack>
      </Paper>
    </section>
  );
}
