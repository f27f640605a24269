import { provideHttpClient, withFetch } from '@angular/common/http';
import {
  ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { APP_CONFIG, type AppConfig } from './core/config';

export function appConfig(config: AppConfig): ApplicationConfig {
  return {
    providers: [
      provideBrowserGlobalErrorListeners(),
      provideZonelessChangeDetection(),
      // fetch aborts the request when a poll is cancelled (switchMap), freeing the connection.
      provideHttpClient(withFetch()),
      { provide: APP_CONFIG, useValue: config },
    ],
  };
}
