/**
 * Starts Pagefind's search interface on the search page, reading the bundle from under the
 * site's base path, and runs the query from `?q=` (the header's search box submits there).
 */

interface PagefindUIOptions {
  readonly element: string;
  readonly bundlePath: string;
  readonly baseUrl: string;
  readonly showSubResults: boolean;
  readonly showImages: boolean;
}
interface PagefindUIInstance {
  triggerSearch(term: string): void;
}
type PagefindUIConstructor = new (options: PagefindUIOptions) => PagefindUIInstance;

function isConstructor(value: unknown): value is PagefindUIConstructor {
  return typeof value === 'function';
}

const root = document.getElementById('search');
const PagefindUI: unknown = Reflect.get(window, 'PagefindUI');
if (root && isConstructor(PagefindUI)) {
  const ui = new PagefindUI({
    element: '#search',
    bundlePath: root.dataset.bundle ?? '/pagefind/',
    baseUrl: root.dataset.base ?? '/',
    // A monitor's changes are one result; the matching changes are listed under it.
    showSubResults: true,
    showImages: false,
  });
  const query = new URLSearchParams(window.location.search).get('q');
  if (query) ui.triggerSearch(query);
}
