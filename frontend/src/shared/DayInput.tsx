import { DateInput, type DateInputProps } from '@mantine/dates';
import { useTranslation } from 'react-i18next';

type Props = Omit<DateInputProps, 'value' | 'onChange' | 'defaultValue'> & {
  /** A calendar day as the API takes it (`YYYY-MM-DD`), or '' for none. */
  value?: string;
  onChange: (day: string) => void;
};

/**
 * A calendar day typed or picked in the reader's own order (dd/mm/yyyy in
 * British English, dd.mm.yyyy in Polish), whatever language the browser
 * itself is set to; weeks start on Monday. Holds the day as `YYYY-MM-DD`.
 */
export function DayInput({ value, onChange, ...props }: Props) {
  const { t } = useTranslation();
  return (
    <DateInput
      valueFormat="L"
      placeholder={t('dd/mm/yyyy')}
      clearable={!props.required}
      clearButtonProps={{ 'aria-label': t('Clear the choice') }}
      popoverProps={{ withinPortal: true }}
      {...props}
      value={value === undefined || value === '' ? null : value}
      onChange={(day) => onChange(day ?? '')}
    />
  );
}
