import { bootstrapApplication } from '@angular/platform-browser';
import { App } from './app/app';
import { appConfig } from './app/app.config';
import { loadConfig } from './app/core/config';

// config.json is read before Angular starts, so every service sees the final API URL.
loadConfig()
  .then((config) => bootstrapApplication(App, appConfig(config)))
  .catch((error: unknown) => console.error(error));
