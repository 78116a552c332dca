import { useState, type ReactNode } from 'react';
import { Button } from '@mantine/core';
import { useId } from '@mantine/hooks';
import classes from './FilterPanel.module.css';

/**
 * Search and filters that fold away on phones, so the results come first;
 * they start open when a filter is set. Wider screens always show them.
 */
export function FilterPanel({ active, children }: { active: number; children: ReactNode }) {
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
        {open ? 'Hide search and filters' : 'Search and filters'}
        {active > 0 ? ` (${active} set)` : ''}
      </Button>
      <div id={id} className={classes.panel} data-open={open || undefined}>
        {children}
      </div>
    </>
  );
}
