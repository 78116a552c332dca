import { Badge, Tooltip } from '@mantine/core';
import { languageName } from '../lib/spokenLanguages';

/** A language as a short code badge; its name in the reader's language is the
 * badge's accessible name and tooltip. */
export function LanguageBadge({ code }: { code: string }) {
  const name = languageName(code);
  return (
    <Tooltip label={name} withArrow events={{ hover: true, focus: true, touch: true }}>
      <Badge size="xs" variant="outline" color="gray" radius="sm" tt="none" role="img" aria-label={name}>
        {code}
      </Badge>
    </Tooltip>
  );
}
