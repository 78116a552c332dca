import {
  Badge,
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
import { useState } from 'react';
import Markdown from 'react-markdown';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../api/errors';
import { saveFile } from '../../api/files';
import { groupQuery } from '../../api/groups';
import { allWorkplacesQuery } from '../../api/workplaces';
import { FormAlert } from '../../app/FormAlert';
import { AnchorLink } from '../../app/links';
import { notify } from '../../app/notify';
import { usePageTitle } from '../../app/usePageTitle';
import { formatCount, formatDate, formatDateTime } from '../../lib/format';
import { LANGUAGES } from '../../lib/languages';
import { newIdempotencyKey } from '../../shared/idempotency';
import { can } from '../../shared/permissions';
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
  createHandout,
  downloadPdf,
  editionQuery,
  handoutsQuery,
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
}: {
  language: string;
  text: ArticleText;
  onChange: (text: ArticleText) => void;
}) {
  const { t } = useTranslation();
  const dir = languageDir(language);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
      <Stack gap="xs">
        <TextInput
          label={t('Headline')}
          dir={dir}
          value={text.headline}
          onChange={(event) => onChange({ ...text, headline: event.currentTarget.value })}
        />
        <Textarea
          label={t('Article (Markdown)')}
          description={t('**bold**, *italic*, # heading, - list')}
          dir={dir}
          autosize
          minRows={6}
          value={text.body}
          onChange={(event) => onChange({ ...text, body: event.currentTarget.value })}
        />
      </Stack>
      <Card withBorder aria-label={t('Preview')} dir={dir}>
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
  const [texts, setTexts] = useState<Texts>(article.texts);
  const [tab, setTab] = useState<string | null>(Object.keys(article.texts)[0] ?? null);
  const save = useMutation({
    mutationFn: () => {
      const written = Object.fromEntries(
        Object.entries(texts).filter(([, text]) => text.headline.trim() !== ''),
      );
      return updateArticleTexts(groupId, article, written);
    },
    onSuccess: () => {
      notify({ message: t('Article saved.') });
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.edition(groupId, article.edition_id) });
    },
  });
  const headline = Object.values(article.texts)[0]?.headline ?? '';
  return (
    <Card withBorder>
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
                onChange={(text) => setTexts({ ...texts, [language.code]: text })}
              />
            </Tabs.Panel>
          ))}
        </Tabs>
        <FormAlert message={save.error ? errorMessage(save.error) : null} />
        {canEdit && (
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending}>
              {t('Save article')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}

function NewArticleForm({ groupId, editionId }: { groupId: string; editionId: string }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [section, setSection] = useState<ArticleSection>('front');
  const [language, setLanguage] = useState<string>(
    LANGUAGES.some((entry) => entry.code === i18n.language) ? i18n.language : 'en-GB',
  );
  const [text, setText] = useState<ArticleText>({ headline: '', body: '' });
  const [key, setKey] = useState(newIdempotencyKey);
  const create = useMutation({
    mutationFn: () => createArticle(groupId, editionId, section, { [language]: text }, key),
    onSuccess: () => {
      setText({ headline: '', body: '' });
      setKey(newIdempotencyKey());
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.edition(groupId, editionId) });
    },
  });
  return (
    <Card
      withBorder
      component="form"
      onSubmit={(event) => {
        event.preventDefault();
        create.mutate();
      }}
    >
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t('New article')}
        </Title>
        <Group gap="sm" grow>
          <Select
            label={t('Where')}
            value={section}
            allowDeselect={false}
            onChange={(value) => setSection((value ?? 'front') as ArticleSection)}
            data={[
              { value: 'front', label: t('Front: main article') },
              { value: 'back', label: t('Back: short item') },
            ]}
          />
          <Select
            label={t('Language')}
            value={language}
            allowDeselect={false}
            onChange={(value) => setLanguage(value ?? 'en-GB')}
            data={LANGUAGES.map((entry) => ({ value: entry.code, label: entry.nativeName }))}
          />
        </Group>
        <TextEditor language={language} text={text} onChange={setText} />
        <FormAlert message={create.error ? errorMessage(create.error) : null} />
        <Group>
          <Button type="submit" loading={create.isPending} disabled={text.headline.trim() === ''}>
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
      </Stack>
    </Card>
  );
}

function HandoutPanel({ groupId, edition, canLog }: { groupId: string; edition: Edition; canLog: boolean }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const workplaces = useQuery(allWorkplacesQuery(groupId));
  const handouts = useQuery(handoutsQuery(groupId, edition.id));
  const [workplaceId, setWorkplaceId] = useState<string | null>(edition.workplace_ids[0] ?? null);
  const [place, setPlace] = useState('');
  const [given, setGiven] = useState<number | string>('');
  const [left, setLeft] = useState<number | string>('');
  const [key, setKey] = useState(newIdempotencyKey);
  const names = new Map((workplaces.data ?? []).map((workplace) => [workplace.id, workplace.name]));
  const log = useMutation({
    mutationFn: () =>
      createHandout(
        groupId,
        edition.id,
        {
          workplace_id: workplaceId ?? '',
          place: place || null,
          handed_out_at: new Date().toISOString(),
          copies_given: Number(given),
          copies_left: left === '' ? null : Number(left),
        },
        key,
      ),
    onSuccess: () => {
      setGiven('');
      setLeft('');
      setKey(newIdempotencyKey());
      notify({ message: t('Hand-out logged.') });
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.handouts(groupId, edition.id) });
      void queryClient.invalidateQueries({ queryKey: bulletinKeys.all(groupId) });
    },
  });
  return (
    <Card withBorder>
      <Stack gap="sm">
        <Title order={2} size="h3">
          {t('Hand-outs')}
        </Title>
        {canLog && (
          <Stack
            gap="xs"
            component="form"
            onSubmit={(event) => {
              event.preventDefault();
              log.mutate();
            }}
          >
            <Select
              label={t('Workplace')}
              required
              value={workplaceId}
              onChange={setWorkplaceId}
              data={(workplaces.data ?? []).map((workplace) => ({ value: workplace.id, label: workplace.name }))}
            />
            <TextInput
              label={t('Gate or shift')}
              value={place}
              onChange={(event) => setPlace(event.currentTarget.value)}
            />
            <Group grow gap="xs">
              <NumberInput label={t('Copies given out')} required min={0} value={given} onChange={setGiven} />
              <NumberInput label={t('Copies left')} min={0} value={left} onChange={setLeft} />
            </Group>
            <FormAlert message={log.error ? errorMessage(log.error) : null} />
            <Button type="submit" loading={log.isPending} disabled={workplaceId === null || given === ''}>
              {t('Log hand-out')}
            </Button>
          </Stack>
        )}
        {(handouts.data?.items ?? []).length === 0 ? (
          <Text c="dimmed">{t('No hand-outs logged yet')}</Text>
        ) : (
          <Stack gap={4} component="ul" style={{ paddingInlineStart: '1rem', margin: 0 }}>
            {(handouts.data?.items ?? []).map((handout) => (
              <Text component="li" key={handout.id} className="break-anywhere">
                {t('{copies} copies at {workplace}{place} · {when}', {
                  copies: formatCount(handout.copies_given),
                  workplace: names.get(handout.workplace_id) ?? '…',
                  place: handout.place ? ` (${handout.place})` : '',
                  when: formatDateTime(handout.handed_out_at),
                })}
              </Text>
            ))}
          </Stack>
        )}
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
    </Stack>
  );
}
