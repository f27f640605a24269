import { Component } from '@angular/core';
import { TestBed, type ComponentFixture } from '@angular/core/testing';
import { provideDashboardTesting } from '../../testing/test-providers';
import { DashboardStateService } from '../core/dashboard-state.service';
import { FocusToolbar } from './focus-toolbar';

@Component({
  imports: [FocusToolbar],
  template: `<app-focus-toolbar
    ><button focusAction type="button">Track this</button></app-focus-toolbar
  >`,
})
class Host {}

describe('FocusToolbar', () => {
  let fixture: ComponentFixture<Host>;
  let state: DashboardStateService;

  const el = () => fixture.nativeElement as HTMLElement;
  const input = () => el().querySelector<HTMLInputElement>('[data-testid="focus-input"]')!;

  async function submit(text: string): Promise<void> {
    input().value = text;
    input().dispatchEvent(new Event('input'));
    el().querySelector('form')!.dispatchEvent(new Event('submit'));
    fixture.detectChanges();
    await fixture.whenStable();
  }

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: provideDashboardTesting() });
    state = TestBed.inject(DashboardStateService);
    fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    await fixture.whenStable();
  });

  it('focuses on the normalized hashtag', async () => {
    await submit('  #Serverless ');
    expect(state.selectedTag()).toBe('serverless');
  });

  it('refuses text that cannot be a hashtag, and says why', async () => {
    await submit('not a tag');
    expect(state.selectedTag()).toBeNull();
    expect(input().getAttribute('aria-invalid')).toBe('true');
    expect(el().querySelector('[role="alert"]')?.textContent).toContain('without spaces');
  });

  it('clears the focus when submitted empty', async () => {
    state.selectTag('aws');
    await submit('');
    expect(state.selectedTag()).toBeNull();
  });

  it('shows the selection made elsewhere', async () => {
    state.selectTag('aws');
    fixture.detectChanges();
    await fixture.whenStable();
    expect(input().value).toBe('#aws');
  });

  it('has a slot for actions on the focused hashtag', () => {
    expect(el().querySelector('.focus__actions button')?.textContent).toBe('Track this');
  });

  it('labels every control', () => {
    expect(el().querySelector('label[for="focus-input"]')).not.toBeNull();
    const radios = [...el().querySelectorAll<HTMLInputElement>('input[name="window"]')];
    expect(radios.map((r) => r.getAttribute('aria-label'))).toEqual([
      'Last 1 h',
      'Last 24 h',
      'Last 7 d',
      'All time',
    ]);
  });
});
