import { provideHttpClient } from '@angular/common/http';
import { provideHttpClientTesting } from '@angular/common/http/testing';
import type { Provider, EnvironmentProviders } from '@angular/core';
import { APP_CONFIG, type AppConfig } from '../app/core/config';
import { REFRESH_INTERVAL_MS } from '../app/core/refresh.service';

export const TEST_INTERVAL_MS = 1_000;

/** HttpClient against HttpTestingController, the API at /api, and a 1 s refresh. */
export function provideDashboardTesting(
  config: AppConfig = { apiBaseUrl: '/api' },
): (Provider | EnvironmentProviders)[] {
  return [
    provideHttpClient(),
    provideHttpClientTesting(),
    { provide: APP_CONFIG, useValue: config },
    { provide: REFRESH_INTERVAL_MS, useValue: TEST_INTERVAL_MS },
  ];
}
