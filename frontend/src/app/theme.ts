import {
  createTheme,
  defaultVariantColorsResolver,
  parseThemeColor,
  type CSSVariablesResolver,
  type VariantColorsResolver,
} from '@mantine/core';

const TINTED_VARIANTS = new Set(['light', 'subtle', 'outline', 'transparent']);

// Text on tinted and outlined controls uses shade 9: Mantine's default shade
// 6 falls below 4.5:1 against white for most colours. Orange and yellow are
// too light even at shade 9 (about 3.9:1 and 2.9:1 on their own tint), so
// their text takes a deeper shade of the same hue.
const DEEPER_TEXT: Record<string, string> = { orange: '#9a3412', yellow: '#854d0e' };
const variantColorResolver: VariantColorsResolver = (input) => {
  const defaults = defaultVariantColorsResolver(input);
  if (!TINTED_VARIANTS.has(input.variant)) return defaults;
  const parsed = parseThemeColor({
    color: input.color ?? input.theme.primaryColor,
    theme: input.theme,
  });
  if (!parsed.isThemeColor || parsed.color === 'gray' || parsed.color === 'dark') return defaults;
  const text = DEEPER_TEXT[parsed.color] ?? `var(--mantine-color-${parsed.color}-9)`;
  return {
    ...defaults,
    color: text,
    hoverColor: text,
    border: input.variant === 'outline' ? `1px solid ${text}` : defaults.border,
  };
};

// Shades chosen for WCAG AA contrast (at least 4.5:1) on white: Mantine's
// defaults for the primary colour, dimmed text and error text are lighter.
export const theme = createTheme({
  primaryColor: 'indigo',
  primaryShade: { light: 8, dark: 4 },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  autoContrast: true,
  variantColorResolver,
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '700' },
  components: {
    Badge: { defaultProps: { variant: 'outline' } },
  },
});

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {},
});
