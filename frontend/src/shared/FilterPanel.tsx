import { useState, type ReactNode } from 'react';
import { Button } from '@mantine/core';
import { useId } from '@mantine/hooks';
import classes from './FilterPanel.module.css';
import { useTranslation } from 'react-i18next';

/**
 * Search and filters that fold away on phones, so the results come first;
 * they start open when a filter is set. Wider screens always show them.
 */
export function FilterPanel({ active, children }: { active: number; children: ReactNode }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(active > 0);
  const id = useId();
  return (
    <>
      <Button
        hiddenFrom="sm"
        variant="default"
        size="sm"
        onClick={() => setOpen((value) => !value)}
        aria-expanded={open}
        aria-controls={id}
        style={{ alignSelf: 'flex-start' }}
      >
        {open ? t('Hide search and filters') : t('Search and filters')}
        {active > 0 ? ` ${t('({filters, plural, one {# set} other {# set}})', { filters: active })}` : ''}
      </Button>
      <div id={id} className={classes.panel} data-open={open || undefined}>
        {children}
      </div>
    </>
  );
}
