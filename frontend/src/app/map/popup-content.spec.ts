import { XSS, location } from '../../testing/fixtures';
import { buildPopupContent } from './popup-content';

describe('buildPopupContent', () => {
  it('shows the place, country, mentions and the sentiment split', () => {
    const popup = buildPopupContent(
      location('berlin', {
        name: 'Berlin',
        mentions: 10,
        positive: 5,
        neutral: 3,
        negative: 2,
        mixed: 0,
      }),
    );
    expect(popup.querySelector('.map-popup__title')?.textContent).toBe('Berlin');
    expect(popup.textContent).toContain('Germany (DE)');
    expect(popup.textContent).toContain('10 mentions');
    const rows = [...popup.querySelectorAll('li')].map((li) => li.textContent);
    expect(rows).toEqual(['Positive5 · 50%', 'Neutral3 · 30%', 'Negative2 · 20%']);
  });

  it('adds mixed only when there is some', () => {
    const popup = buildPopupContent(location('x', { mixed: 2 }));
    expect(popup.querySelectorAll('li')).toHaveLength(4);
  });

  it('renders HTML in place names as literal text', () => {
    const popup = buildPopupContent(
      location('evil', {
        name: XSS,
        fullName: `${XSS}, ${XSS}`,
        country: XSS,
        countryCode: undefined,
      }),
    );
    expect(popup.querySelector('img')).toBeNull();
    expect(popup.querySelector('.map-popup__title')?.textContent).toBe(XSS);
    expect(popup.textContent).toContain(`${XSS}, ${XSS}`);
  });
});
