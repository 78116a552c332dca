import {
  Badge,
  Box,
  Button,
  Card,
  Checkbox,
  Group,
  NumberInput,
  Select,
  SimpleGrid,
  Stack,
  Tabs,
  Text,
  TextInput,
  Textarea,
  Title,
  Typography,
} from '@mantine/core';
import { useMutation, useQuery, useQueryClient, useSuspenseQuery } from '@tanstack/react-query';
import { getRouteApi } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import Markdown from 'react-markdown';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { saveFile } from '../../api/files';
import { groupQuery } from '../../api/groups';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { notify } from '../../app/notify';
import { usePageTitle } from '../../app/usePageTitle';
import { formatCount, formatDate, formatDateTime } from '../../lib/format';
import { LANGUAGES } from '../../lib/languages';
import { storyBoardQuery, storyKeys } from '../../api/stories';
import { today } from '../../lib/days';
import { DayInput } from '../../shared/DayInput';
import { newIdempotencyKey } from '../../shared/idempotency';
import { useApiForm } from '../../shared/useApiForm';
import { can } from '../../shared/permissions';
import { FeedbackPanel } from './FeedbackPanel';
import { HandoutPanel } from './HandoutPanel';
import {
  type Article,
  type ArticleSection,
  type ArticleText,
  type ChecklistItem,
  type Edition,
  type IdentificationCheck,
  type Language,
  type PaperLayout,
  bulletinKeys,
  confirmFindings,
  createArticle,
  downloadPdf,
  editionQuery,
  recordPrintRun,
  runCheck,
  tickChecklist,
  updateArticleTexts,
} from './api';

const route = getRouteApi('/_app/groups/$groupId/bulletins/editions/$editionId');

type Texts = Record<string, ArticleText>;

function languageName(code: string): string {
  return LANGUAGES.find((language) => language.code === code)?.nativeName ?? code;
}

function languageDir(code: string): 'ltr' | 'rtl' {
  return LANGUAGES.find((language) => language.code === code)?.dir ?? 'ltr';
}

/** One language of an article: the Markdown beside its preview. */
function TextEditor({
  language,
  text,
  onChange,
  error,
  bodyError,
}: {
  language: string;
  text: ArticleText;
  onChange: (text: ArticleText) => void;
  error?: ReactNode;
  bodyError?: ReactNode;
}) {
  const { t } = useTranslation();
  const dir = languageDir(language);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <Stack gap="xs">
        <TextInput
          label={t('Headline')}
          dir={dir}
          error={error}
          value={text.headline}
          onChange={(event) => onChange({ ...text, headline: event.currentTarget.value })}
        />
        <Textarea
          label={t('Article (Markdown)')}
          description={t('**bold**, *italic*, # heading, - list')}
          dir={dir}
          autosize
          minRows={6}
          error={bodyError}
          value={text.body}
          onChange={(event) => onChange({ ...text, body: event.currentTarget.value })}
        />
      </Stack>
      <Card withBorder role="region" aria-label={t('Preview')} dir={dir}>
        <Text size="xs" c="dimmed">
          {t('Preview')}
        </Text>
        <Title order={3} size="h4" className="break-anywhere">
          {text.headline}
        </Title>
        <Typography>
          <Markdown skipHtml>{text.body}</Markdown>
        </Typography>
      </Card>
    </SimpleGrid>
  );
}

function ArticleCard({ groupId, article, canEdit }: { groupId: string; article: Article; canEdit: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [tab, setTab] = useState<string | null>(Object.keys(article.texts)[0] ?? null);
  const { form, formError, onSubmit, showError } = useApiForm<{ texts: Texts }>({
    mode: 'controlled',
    initialValues: { texts: article.texts },
    validate: {
      texts: (texts) =>
        Object.values(texts).every((text) => text.headline.trim() === '') ? t('Give the article a headline') : null,
    },
  });
  const texts = form.values.texts;
  const save = useMutation({
    mutationFn: (values: { texts: Texts }) => {
      // A language left without a headline is one the article is not written in.
      const written = Object.fromEntries(
        Object.entries(values.texts).filter(([, text]) => text.headline.trim() !== ''),
      );
      return updateArticleTexts(groupId, article, written);
    },
    onSuccess: () => {
      notify({ message: t('Article saved.') });
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.edition(groupId, article.edition_id) });
    },
    onError: showError,
  });
  const headline = Object.values(article.texts)[0]?.headline ?? '';
  return (
    <Card
      withBorder
      component="form"
      noValidate
      aria-label={t('Article “{headline}”', { headline })}
      onSubmit={onSubmit((values) => save.mutate(values))}
    >
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={3} size="h4" className="break-anywhere">
            {headline}
          </Title>
          <Badge variant="light">{article.section === 'front' ? t('Front') : t('Back')}</Badge>
        </Group>
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List>
            {LANGUAGES.map((language) => (
              <Tabs.Tab key={language.code} value={language.code}>
                {language.nativeName}
                {texts[language.code] === undefined ? ' +' : ''}
              </Tabs.Tab>
            ))}
          </Tabs.List>
          {LANGUAGES.map((language) => (
            <Tabs.Panel key={language.code} value={language.code} pt="sm">
              <TextEditor
                language={language.code}
                text={texts[language.code] ?? { headline: '', body: '' }}
                onChange={(text) => form.setFieldValue('texts', { ...texts, [language.code]: text })}
                error={form.errors.texts}
              />
            </Tabs.Panel>
          ))}
        </Tabs>
        <FormAlert message={formError} />
        {canEdit && (
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('Save article')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

interface NewArticleValues {
  section: ArticleSection;
  language: string;
  headline: string;
  body: string;
  story_id: string;
}

/** Stories far enough along to be written up for print. */
const STORIES_FOR_PRINT = new Set(['drafted', 'checked', 'ready']);

function NewArticleForm({ groupId, editionId }: { groupId: string; editionId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const stories = useQuery(storyBoardQuery(groupId));
  const [key, setKey] = useState(newIdempotencyKey);
  const { form, formError, onSubmit, showError } = useApiForm<NewArticleValues>(
    {
      mode: 'controlled',
      initialValues: {
        section: 'front',
        language: LANGUAGES.some((entry) => entry.code === i18n.language) ? i18n.language : 'en-GB',
        headline: '',
        body: '',
        story_id: '',
      },
      validate: {
        headline: (value) =>
          value.trim() === ''
            ? t('Give the article a headline')
            : value.length > 200
              ? t('Use at most {characters, plural, one {# character} other {# characters}}', { characters: 200 })
              : null,
        body: (value) =>
          value.length > 10000
            ? t('Use at most {characters, plural, one {# character} other {# characters}}', { characters: 10000 })
            : null,
      },
    },
    // The API names each language's fields inside `texts`.
    { rename: { texts: 'headline' } },
  );
  const create = useMutation({
    mutationFn: (values: NewArticleValues) =>
      createArticle(
        groupId,
        editionId,
        values.section,
        { [values.language]: { headline: values.headline, body: values.body } },
        values.story_id === '' ? null : values.story_id,
        key,
      ),
    onSuccess: () => {
      form.setValues({ headline: '', body: '', story_id: '' });
      setKey(newIdempotencyKey());
      notify({ message: t('Article added.') });
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.edition(groupId, editionId) });
    },
    onError: showError,
  });
  const language = form.values.language;
  const storyOptions = (stories.data ?? [])
    .filter((story) => STORIES_FOR_PRINT.has(story.status))
    .map((story) => ({ value: story.id, label: story.headline }));
  return (
    <Card withBorder component="form" noValidate aria-label={t('New article')} onSubmit={onSubmit((values) => create.mutate(values))}>
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('New article')}
        </Title>
        <FormAlert message={formError} />
        <Group gap="sm" grow wrap="wrap">
          <Select
            label={t('Where')}
            allowDeselect={false}
            miw={150}
            data={[
              { value: 'front', label: t('Front: main article') },
              { value: 'back', label: t('Back: short item') },
            ]}
            {...form.getInputProps('section')}
          />
          <Select
            label={t('Language')}
            allowDeselect={false}
            miw={150}
            data={LANGUAGES.map((entry) => ({ value: entry.code, label: entry.nativeName }))}
            {...form.getInputProps('language')}
          />
        </Group>
        <Select
          label={t('Written from the story')}
          description={t('The story is marked printed when the print run is recorded')}
          clearable
          searchable
          placeholder={t('No story')}
          nothingFoundMessage={t('No drafted, checked or ready story')}
          data={storyOptions}
          comboboxProps={{ withinPortal: true }}
          {...form.getInputProps('story_id')}
          value={form.values.story_id || null}
          onChange={(value) => {
            form.setFieldValue('story_id', value ?? '');
            const story = (stories.data ?? []).find((entry) => entry.id === value);
            // Start from the story's draft, unless something is written already.
            if (story && form.values.headline === '' && form.values.body === '') {
              form.setValues({ headline: story.headline, body: story.body ?? '' });
            }
          }}
        />
        <TextEditor
          language={language}
          text={{ headline: form.values.headline, body: form.values.body }}
          onChange={(text) => form.setValues({ headline: text.headline, body: text.body })}
          error={form.errors.headline}
          bodyError={form.errors.body}
        />
        <Group>
          <Button type="submit" loading={create.isPending}>
            {t('Add article')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

const CHECKLIST: ChecklistItem[] = ['facts_checked', 'no_one_identifiable', 'nothing_defamatory'];

function CheckPanel({ groupId, edition }: { groupId: string; edition: Edition }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [check, setCheck] = useState<IdentificationCheck | null>(null);
  const done = (result: IdentificationCheck) => {
    setCheck(result);
    void queryClient.invalidateQueries({ queryKey: bulletinKeys.edition(groupId, edition.id) });
  };
  const run = useMutation({ mutationFn: () => runCheck(groupId, edition.id), onSuccess: done });
  const confirm = useMutation({
    mutationFn: (keys: string[]) => confirmFindings(groupId, edition.id, keys),
    onSuccess: done,
  });
  const tick = useMutation({
    mutationFn: (item: ChecklistItem) => tickChecklist(groupId, edition.id, [item]),
    onSuccess: done,
  });
  const labels: Record<ChecklistItem, string> = {
    facts_checked: t('The facts are checked'),
    no_one_identifiable: t('No one can be identified without their consent'),
    nothing_defamatory: t('Nothing defamatory about a named manager'),
  };
  const kinds: Record<string, string> = {
    contact: t('Contact'),
    member: t('Member'),
    phone: t('Phone number'),
    email: t('Email address'),
  };
  const error = run.error ?? confirm.error ?? tick.error;
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('Identification check')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('Printing a worker’s name can get them sacked. Look at every name, number and address found in the text.')}
        </Text>
        <Group>
          <Button onClick={() => run.mutate()} loading={run.isPending} variant="default">
            {t('Run the identification check')}
          </Button>
          {edition.check_ready && <Badge color="green">{t('Cleared for print')}</Badge>}
        </Group>
        <FormAlert message={error ? errorMessage(error) : null} />
        {check !== null && (
          <Stack gap="xs">
            {check.findings.length === 0 ? (
              <Text>{t('Nothing found.')}</Text>
            ) : (
              check.findings.map((finding) => (
                <Group key={finding.key} justify="space-between" gap="xs" wrap="wrap">
                  <Text className="break-anywhere">
                    <Badge variant="outline" me="xs">
                      {kinds[finding.kind]}
                    </Badge>
                    {finding.text} ({finding.languages.map(languageName).join(', ')})
                  </Text>
                  {finding.confirmed_at ? (
                    <Text size="sm" c="green.8">
                      {t('Confirmed {when}', { when: formatDateTime(finding.confirmed_at) })}
                    </Text>
                  ) : (
                    <Button size="xs" onClick={() => confirm.mutate([finding.key])} loading={confirm.isPending}>
                      {t('Confirm “{text}” may be printed', { text: finding.text })}
                    </Button>
                  )}
                </Group>
              ))
            )}
            <Title order={3} size="h4">
              {t('Checklist')}
            </Title>
            {CHECKLIST.map((item) => (
              <Checkbox
                key={item}
                label={labels[item]}
                checked={check.checklist[item] !== undefined}
                disabled={check.checklist[item] !== undefined || tick.isPending}
                onChange={() => tick.mutate(item)}
              />
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

interface PrintRunValues {
  copies_printed: number | string;
  printed_on: string;
}

/** The print run: recording it prints the edition, and its stories leave the pool as printed. */
function PrintRunForm({ groupId, edition }: { groupId: string; edition: Edition }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { form, formError, onSubmit, showError } = useApiForm<PrintRunValues>({
    mode: 'controlled',
    initialValues: { copies_printed: edition.copies_printed ?? '', printed_on: edition.printed_on ?? today() },
    validate: {
      copies_printed: (value) =>
        value === '' ? t('Say how many copies were printed') : Number(value) < 0 ? t('Give a number of 0 or more') : null,
      printed_on: (value) => (value === '' ? t('Say when it was printed') : null),
    },
  });
  const record = useMutation({
    mutationFn: (values: PrintRunValues) =>
      recordPrintRun(groupId, edition, Number(values.copies_printed), values.printed_on),
    onSuccess: () => {
      notify({ message: t('Print run recorded.') });
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.edition(groupId, edition.id) });
      void queryClient.invalidateQueries({ queryKey: storyKeys.all(groupId) });
    },
    onError: showError,
  });
  return (
    <Box component="form" noValidate aria-label={t('Print run')} onSubmit={onSubmit((values) => record.mutate(values))}>
      <Stack gap="xs">
        <Title order={3} size="h4">
          {t('Print run')}
        </Title>
        {edition.printed_on !== null && (
          <Text size="sm">
            {t('{copies} copies printed on {day}.', {
              copies: formatCount(edition.copies_printed ?? 0),
              day: formatDate(edition.printed_on),
            })}
          </Text>
        )}
        <FormAlert message={formError} />
        <Group gap="xs" align="flex-start" grow wrap="wrap">
          <NumberInput
            label={t('Copies printed')}
            required
            min={0}
            miw={140}
            allowDecimal={false}
            inputMode="numeric"
            {...form.getInputProps('copies_printed')}
          />
          <DayInput label={t('Printed on')} required miw={140} {...form.getInputProps('printed_on')} />
        </Group>
        <Group>
          <Button type="submit" variant="default" loading={record.isPending}>
            {t('Record the print run')}
          </Button>
        </Group>
      </Stack>
    </Box>
  );
}

function PrintPanel({ groupId, edition }: { groupId: string; edition: Edition }) {
  const { t } = useTranslation();
  const print = useMutation({
    mutationFn: ({ language, layout }: { language: Language; layout: PaperLayout }) =>
      downloadPdf(groupId, edition, language, layout),
    onSuccess: saveFile,
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('Print')}
        </Title>
        {edition.printable_languages.length === 0 && <Text c="dimmed">{t('Add an article first.')}</Text>}
        {edition.printable_languages.map((language) => (
          <Group key={language} gap="xs" wrap="wrap">
            <Text fw={600} miw="6rem">
              {languageName(language)}
            </Text>
            <Button
              size="xs"
              variant="default"
              onClick={() => print.mutate({ language: language as Language, layout: 'a4' })}
              aria-label={t('Download A4 PDF in {language}', { language: languageName(language) })}
            >
              {t('A4 PDF')}
            </Button>
            <Button
              size="xs"
              variant="default"
              onClick={() => print.mutate({ language: language as Language, layout: 'a5-two-up' })}
              aria-label={t('Download A5 two-up PDF in {language}', { language: languageName(language) })}
            >
              {t('A5 two-up PDF')}
            </Button>
          </Group>
        ))}
        <FormAlert message={print.error ? errorMessage(print.error) : null} />
        <PrintRunForm groupId={groupId} edition={edition} />
      </Stack>
    </Card>
  );
}

export function EditionPage() {
  const { t } = useTranslation();
  const { groupId, editionId } = route.useParams();
  const { data: group } = useSuspenseQuery(groupQuery(groupId));
  const { data: edition } = useSuspenseQuery(editionQuery(groupId, editionId));
  const title = t('Edition {number} · {date}', { number: edition.number, date: formatDate(edition.edition_date) });
  usePageTitle(t('{page} · {group}', { page: title, group: group.name }));
  const canEdit = can(group, 'bulletins:edit');
  return (
    <Stack gap="lg">
      <Stack gap="xs">
        <AnchorLink to="/groups/$groupId/bulletins" params={{ groupId }} size="sm">
          ← {t('Bulletins')}
        </AnchorLink>
        <Title order={1}>{title}</Title>
      </Stack>
      {edition.articles.map((article) => (
        <ArticleCard key={`${article.id}-${article.version}`} groupId={groupId} article={article} canEdit={canEdit} />
      ))}
      {canEdit && <NewArticleForm groupId={groupId} editionId={edition.id} />}
      {canEdit && <CheckPanel groupId={groupId} edition={edition} />}
      {canEdit && <PrintPanel groupId={groupId} edition={edition} />}
      <HandoutPanel groupId={groupId} edition={edition} canLog={can(group, 'handouts:log')} />
      <FeedbackPanel groupId={groupId} edition={edition} canLog={can(group, 'handouts:log')} />
    </Stack>
  );
}
