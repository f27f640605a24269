import { DEFAULT_CONFIG, loadConfig, parseConfig } from './config';

describe('parseConfig', () => {
  it('keeps the API base URL without a trailing slash, and the optional tile layer', () => {
    expect(
      parseConfig({
        apiBaseUrl: 'https://api.example.com/prod/',
        tileUrl: 'https://tile.example/{z}/{x}/{y}.png',
        tileAttribution: '© Example',
      }),
    ).toEqual({
      apiBaseUrl: 'https://api.example.com/prod',
      tileUrl: 'https://tile.example/{z}/{x}/{y}.png',
      tileAttribution: '© Example',
    });
  });

  it.each([null, 'nonsense', 42, {}, { apiBaseUrl: 7 }, { apiBaseUrl: '  ' }])(
    'falls back to /api for %p',
    (raw) => {
      expect(parseConfig(raw)).toEqual(DEFAULT_CONFIG);
    },
  );
});

describe('loadConfig', () => {
  const respond = (body: unknown, ok = true) =>
    jest.fn().mockResolvedValue({ ok, status: ok ? 200 : 404, json: () => Promise.resolve(body) });

  beforeEach(() => jest.spyOn(console, 'warn').mockImplementation(() => undefined));
  afterEach(() => jest.restoreAllMocks());

  it('reads config.json', async () => {
    const fetchFn = respond({ apiBaseUrl: 'https://api.example.com' });
    await expect(loadConfig(fetchFn as unknown as typeof fetch)).resolves.toEqual({
      apiBaseUrl: 'https://api.example.com',
    });
    expect(fetchFn).toHaveBeenCalledWith('config.json', { cache: 'no-store' });
  });

  it('uses the defaults when config.json is missing', async () => {
    await expect(loadConfig(respond({}, false) as unknown as typeof fetch)).resolves.toEqual(
      DEFAULT_CONFIG,
    );
  });

  it('uses the defaults when fetching fails', async () => {
    const fetchFn = jest.fn().mockRejectedValue(new TypeError('Failed to fetch'));
    await expect(loadConfig(fetchFn as unknown as typeof fetch)).resolves.toEqual(DEFAULT_CONFIG);
  });
});
