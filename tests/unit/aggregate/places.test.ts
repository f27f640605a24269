import { isMappable, resolvePlace } from '../../../functions/domain/places';

describe('resolvePlace', () => {
  it('keeps exact coordinates', () => {
    expect(resolvePlace({ id: 'p', name: 'Spot', lat: 10, lon: 20, bbox: [0, 0, 1, 1] })).toEqual({
      id: 'p',
      name: 'Spot',
      lat: 10,
      lon: 20,
      bbox: [0, 0, 1, 1],
      exact: true,
    });
  });

  it('keeps the exact flag ingest set for a centroid', () => {
    expect(resolvePlace({ id: 'p', name: 'X', lat: 1, lon: 2, exact: false })?.exact).toBe(false);
  });

  it('falls back to the bounding-box centroid and keeps country fields', () => {
    expect(
      resolvePlace({
        id: 'x:206b',
        name: 'Madrid',
        country: 'España',
        countryCode: 'ES',
        bbox: [-3.888954, 40.312064, -3.517916, 40.643299],
      }),
    ).toMatchObject({
      country: 'España',
      countryCode: 'ES',
      lat: 40.477682,
      lon: -3.703435,
      exact: false,
    });
  });

  it('takes the centroid across the antimeridian', () => {
    const fiji = resolvePlace({ id: 'fj', name: 'Fiji', bbox: [177, -19, -179, -16] });
    expect(fiji).toMatchObject({ lat: -17.5, lon: 179, exact: false });
  });

  it('keeps a place without coordinates but does not map it', () => {
    const place = resolvePlace({ id: 'de:berlin', name: 'Berlin', countryCode: 'DE', exact: true });
    expect(place).toEqual({ id: 'de:berlin', name: 'Berlin', countryCode: 'DE' });
    expect(isMappable(place)).toBe(false);
    expect(resolvePlace(undefined)).toBeUndefined();
  });
});
