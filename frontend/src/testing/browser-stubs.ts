/**
 * What jsdom lacks and the dashboard's libraries look for:
 * - Leaflet picks its SVG renderer only if `createSVGRect` exists (otherwise canvas, which
 *   jsdom cannot draw), and the tests look at the SVG markers.
 * - Chart.js asks the canvas for a 2D context; null makes it skip drawing, without jsdom's
 *   "not implemented" noise.
 * - ResizeObserver and matchMedia are used for responsive behaviour.
 */
export function installBrowserStubs(): void {
  const svgProto = window.SVGSVGElement?.prototype as { createSVGRect?: () => unknown } | undefined;
  if (svgProto && !svgProto.createSVGRect) {
    svgProto.createSVGRect = () => ({ x: 0, y: 0, width: 0, height: 0 });
  }

  Object.defineProperty(HTMLCanvasElement.prototype, 'getContext', {
    configurable: true,
    value: () => null,
  });

  if (!('ResizeObserver' in window)) {
    class ResizeObserverStub {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    Object.defineProperty(window, 'ResizeObserver', {
      configurable: true,
      value: ResizeObserverStub,
    });
  }

  if (!window.matchMedia) {
    Object.defineProperty(window, 'matchMedia', {
      configurable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }),
    });
  }
}
