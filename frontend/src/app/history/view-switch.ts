import { ChangeDetectionStrategy, Component, model } from '@angular/core';

export type DashboardView = 'live' | 'history';

/** Live (the polled aggregates) or History (queries over the corpus). */
@Component({
  selector: 'app-view-switch',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <nav class="views" aria-label="Views">
      <button
        type="button"
        data-testid="view-live"
        [attr.aria-pressed]="view() === 'live'"
        (click)="view.set('live')"
      >
        Live
      </button>
      <button
        type="button"
        data-testid="view-history"
        [attr.aria-pressed]="view() === 'history'"
        (click)="view.set('history')"
      >
        History
      </button>
    </nav>
  `,
  styles: `
    .views {
      display: inline-flex;
      gap: 2px;
      margin-top: 12px;
      padding: 2px;
      border-radius: 8px;
      background: #eceff3;
    }
    button {
      padding: 5px 14px;
      border: 0;
      border-radius: 6px;
      background: transparent;
      color: #4b5563;
      font: inherit;
      cursor: pointer;
    }
    button[aria-pressed='true'] {
      background: #fff;
      color: #1b2330;
      font-weight: 600;
      box-shadow: 0 1px 2px rgb(0 0 0 / 10%);
    }
  `,
})
export class ViewSwitch {
  readonly view = model<DashboardView>('live');
}
