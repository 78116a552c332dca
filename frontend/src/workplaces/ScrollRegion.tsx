import { Box, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import classes from './ScrollRegion.module.css';

/**
 * A table wider than a phone scrolls inside its own box, never the page. While
 * more columns wait out of sight, a shadow darkens the edge they are behind and
 * a line of text says so, so nobody takes the visible columns for all of them.
 */
export function ScrollRegion({ labelledBy, children }: { labelledBy: string; children: React.ReactNode }) {
  const { t } = useTranslation();
  const scroller = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ start: false, end: false });

  const measure = useCallback(() => {
    const box = scroller.current;
    if (!box) return;
    // Right to left, Chromium counts scrollLeft from 0 down to negative numbers.
    const scrolled = Math.abs(box.scrollLeft);
    const hidden = box.scrollWidth - box.clientWidth;
    setMore({ start: scrolled > 1, end: hidden - scrolled > 1 });
  }, []);

  useEffect(() => {
    measure();
    const box = scroller.current;
    if (!box || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    if (box.firstElementChild) observer.observe(box.firstElementChild);
    return () => observer.disconnect();
  }, [measure]);

  return (
    <div>
      {(more.start || more.end) && (
        <Text size="xs" c="dimmed" mb={4} data-print="hide" data-testid="scroll-hint">
          {t('Swipe or scroll the table sideways to see every column.')}
        </Text>
      )}
      <Box className={classes.frame} data-more-start={more.start || undefined} data-more-end={more.end || undefined}>
        <div
          ref={scroller}
          className={classes.scroller}
          onScroll={measure}
          tabIndex={0}
          role="region"
          aria-labelledby={labelledBy}
          data-testid="scroll-region"
        >
          {children}
        </div>
      </Box>
    </div>
  );
}
