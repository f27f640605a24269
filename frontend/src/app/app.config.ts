import { provideHttpClient, withFetch } from '@angular/common/http';
import {
  ApplicationConfig,
  inject,
  provideAppInitializer,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { AuthService } from './core/auth.service';
import { APP_CONFIG, type AppConfig } from './core/config';

export function appConfig(config: AppConfig): ApplicationConfig {
  return {
    providers: [
      provideBrowserGlobalErrorListeners(),
      provideZonelessChangeDetection(),
      // fetch aborts the request when a poll is cancelled (switchMap), freeing the connection.
      provideHttpClient(withFetch()),
      { provide: APP_CONFIG, useValue: config },
      // Finishes a sign-in redirect even when no view that writes is shown; not awaited, so the
      // dashboard renders while the sign-in library loads.
      provideAppInitializer(() => void inject(AuthService).start()),
    ],
  };
}
