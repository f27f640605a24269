import { Component, signal } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Segmented, type SegmentedOption } from './segmented';

type Fruit = 'apple' | 'pear';

@Component({
  imports: [Segmented],
  template: `<fieldset
    appSegmented
    legend="Pick a fruit"
    name="fruit"
    [options]="options"
    [selected]="fruit()"
    (picked)="fruit.set($event)"
  ></fieldset>`,
})
class Host {
  readonly options: readonly SegmentedOption<Fruit>[] = [
    { value: 'apple', label: 'Apple' },
    { value: 'pear', label: 'Pear', spoken: 'A pear' },
  ];
  readonly fruit = signal<Fruit>('apple');
}

describe('Segmented', () => {
  it('draws one named radio per option, checks the selected one and reports a pick', async () => {
    const fixture = TestBed.createComponent(Host);
    fixture.detectChanges();
    const el = fixture.nativeElement as HTMLElement;
    const set = el.querySelector('fieldset')!;
    expect(set.classList).toContain('segmented');
    expect(set.querySelector('legend')!.textContent).toBe('Pick a fruit');
    const radios = [...el.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => [r.name, r.value, r.checked, r.getAttribute('aria-label')])).toEqual([
      ['fruit', 'apple', true, 'Apple'],
      ['fruit', 'pear', false, 'A pear'],
    ]);
    radios[1]!.checked = true;
    radios[1]!.dispatchEvent(new Event('change'));
    fixture.detectChanges();
    await fixture.whenStable();
    expect(fixture.componentInstance.fruit()).toBe('pear');
    expect(radios[0]!.checked).toBe(false);
  });
});
