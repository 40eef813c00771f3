import { parseDate } from '@internationalized/date';
import { memo } from 'react';
import {
  Button,
  Calendar,
  CalendarCell,
  CalendarGrid,
  DateInput,
  DatePicker,
  DateSegment,
  Dialog,
  Group,
  Heading,
  Label,
  Popover,
} from 'react-aria-components';

/**
 * A calendar date as `YYYY-MM-DD` (or null), typed segment by segment or picked from a calendar.
 * Segments, calendar and the buttons' names follow the surrounding I18nProvider (TT.MM.JJJJ in German).
 */
export const DateField = memo(function DateField({
  label,
  value,
  onChange,
  minValue,
  isRequired = false,
  testId,
}: {
  label: string;
  value: string | null;
  onChange: (value: string | null) => void;
  minValue?: string;
  isRequired?: boolean;
  testId?: string;
}) {
  return (
    <DatePicker
      className="field date-field"
      value={value ? parseDate(value) : null}
      onChange={(date) => onChange(date ? date.toString() : null)}
      minValue={minValue ? parseDate(minValue) : undefined}
      isRequired={isRequired}
      data-testid={testId}
    >
      <Label className="field-label">{label}</Label>
      <Group className="date-group">
        <DateInput className="date-input">
          {(segment) => <DateSegment segment={segment} className="date-segment" />}
        </DateInput>
        <Button className="date-button">
          <span aria-hidden="true">▦</span>
        </Button>
      </Group>
      <Popover className="popover">
        <Dialog className="calendar-dialog">
          <Calendar className="calendar">
            <header className="calendar-header">
              <Button slot="previous" className="button button-small">
                ‹
              </Button>
              <Heading className="calendar-heading" />
              <Button slot="next" className="button button-small">
                ›
              </Button>
            </header>
            <CalendarGrid className="calendar-grid">
              {(date) => <CalendarCell date={date} className="calendar-cell" />}
            </CalendarGrid>
          </Calendar>
        </Dialog>
      </Popover>
    </DatePicker>
  );
});
