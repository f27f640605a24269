import { ChangeDetectionStrategy, Component, input, output } from '@angular/core';

export interface SegmentedOption<T extends string> {
  value: T;
  label: string;
  /** What a screen reader says, when the label alone is too short ("Per hour" for "Hour"). */
  spoken?: string;
}

/**
 * A row of mutually exclusive choices (radio buttons drawn as one segmented control, `.segmented`
 * in styles.scss): the chart's granularity, the word cloud's view, the breakdown's kind.
 */
@Component({
  selector: 'fieldset[appSegmented]',
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { class: 'segmented' },
  template: `
    <legend class="visually-hidden">{{ legend() }}</legend>
    @for (o of options(); track o.value) {
      <label>
        <input
          type="radio"
          [name]="name()"
          [value]="o.value"
          [checked]="selected() === o.value"
          (change)="picked.emit(o.value)"
          [attr.aria-label]="o.spoken ?? o.label"
        />
        <span aria-hidden="true">{{ o.label }}</span>
      </label>
    }
  `,
})
export class Segmented<T extends string> {
  readonly legend = input.required<string>();
  /** The radio group's name: unique on the page. */
  readonly name = input.required<string>();
  readonly options = input.required<readonly SegmentedOption<T>[]>();
  readonly selected = input.required<T>();
  readonly picked = output<T>();
}
