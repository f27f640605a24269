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

describe('parseConfig: sign-in', () => {
  const auth = {
    authority: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123',
    domain: 'https://x-1.auth.us-east-1.amazoncognito.com/',
    clientId: 'client123',
    redirectUri: 'https://d111.cloudfront.net/',
    scope: 'openid tracks/write',
  };

  it('keeps a complete auth section, without a trailing slash on the URLs it appends to', () => {
    expect(parseConfig({ apiBaseUrl: '/api', auth }).auth).toEqual({
      ...auth,
      domain: 'https://x-1.auth.us-east-1.amazoncognito.com',
    });
  });

  it('asks for openid alone when no scope is given', () => {
    expect(parseConfig({ auth: { ...auth, scope: undefined } }).auth?.scope).toBe('openid');
  });

  it('drops a redirect URI that is not a URL, leaving the page origin to be used', () => {
    expect(
      parseConfig({ auth: { ...auth, redirectUri: 'javascript:alert(1)' } }).auth,
    ).not.toHaveProperty('redirectUri');
  });

  it.each([
    ['no client id', { ...auth, clientId: '' }],
    ['a plain-http issuer', { ...auth, authority: 'http://cognito-idp.example/pool' }],
    ['no hosted domain', { ...auth, domain: undefined }],
    ['not an object', 'yes'],
  ])('has no sign-in (open writes) with %s', (_what, raw) => {
    expect(parseConfig({ apiBaseUrl: '/api', auth: raw })).toEqual({ apiBaseUrl: '/api' });
  });
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
