import { setupZonelessTestEnv } from 'jest-preset-angular/setup-env/zoneless';
import { installBrowserStubs } from './browser-stubs';

// Before any spec imports Leaflet or Chart.js: both probe the browser when first loaded.
installBrowserStubs();
setupZonelessTestEnv();
