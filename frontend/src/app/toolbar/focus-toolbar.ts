import { ChangeDetectionStrategy, Component, inject, linkedSignal, signal } from '@angular/core';
import { WINDOWS, type TimeWindow } from '../core/api.types';
import { DashboardStateService } from '../core/dashboard-state.service';
import { normalizeHashtag, tagLabel } from '../shared/tags';

export const WINDOW_LABELS: Record<TimeWindow, string> = {
  '1h': '1 h',
  '24h': '24 h',
  '7d': '7 d',
  all: 'All',
};

/**
 * Focus on one hashtag (the timeline and posts follow it, the table highlights it) and pick the
 * time window of the table and map. The `[focusAction]` slot is reserved for actions on the
 * focused tag, such as the planned "track this" button.
 */
@Component({
  selector: 'app-focus-toolbar',
  changeDetection: ChangeDetectionStrategy.OnPush,
  templateUrl: './focus-toolbar.html',
  styleUrl: './focus-toolbar.scss',
})
export class FocusToolbar {
  protected readonly state = inject(DashboardStateService);
  protected readonly windows = WINDOWS;
  protected readonly windowLabels = WINDOW_LABELS;

  /** The text in the box; follows the selection, made anywhere, until the user types. */
  protected readonly draft = linkedSignal(() => {
    const tag = this.state.selectedTag();
    return tag ? tagLabel(tag) : '';
  });
  protected readonly invalid = signal(false);

  protected apply(event: Event): void {
    event.preventDefault();
    const text = this.draft().trim();
    if (text === '') {
      this.clear();
      return;
    }
    const tag = normalizeHashtag(text);
    this.invalid.set(tag === null);
    if (tag !== null) this.state.selectTag(tag);
  }

  protected clear(): void {
    this.invalid.set(false);
    this.state.selectTag(null);
    this.draft.set('');
  }

  protected onInput(value: string): void {
    this.draft.set(value);
    this.invalid.set(false);
  }

  protected setWindow(value: TimeWindow): void {
    this.state.window.set(value);
  }
}
