import { Badge, type BadgeProps } from '@mantine/core';
import type { AssessmentScale } from '../api/contacts';
import { LEVEL_STYLE, levelKey, levelText } from './levels';

/** An assessment level as a coloured badge: "2 · Supporter". */
export function LevelBadge({
  level,
  scale,
  ...props
}: { level: number | null; scale: AssessmentScale | undefined } & Omit<BadgeProps, 'color' | 'variant'>) {
  const style = LEVEL_STYLE[levelKey(level)];
  return (
    <Badge
      variant="filled"
      style={{ textTransform: 'none', flexShrink: 0, background: style.bg, color: style.fg }}
      {...props}
    >
      {levelText(scale, level)}
    </Badge>
  );
}
