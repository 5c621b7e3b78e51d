/*
 * Runtime probes, the in-page half (scripts/detect/probes.ts reads what they report). Not a
 * script of its own: collector.ts puts this text inside in-page.js's closure, where it runs
 * before any of the page's scripts and uses the built-ins that closure kept (apply, hasOwn,
 * record, list, cut, …).
 *
 * Rules: a probe reads own data properties only (never a getter: a page's code does not run
 * for it), checks the shape of what it reads, reports strings, and never changes what the page
 * sees beyond one thing: a minimal React DevTools hook, installed only where no hook exists,
 * writable and configurable so a page can replace it. Where a hook already exists (the real
 * DevTools, or a page's own), its `inject` is wrapped to record the renderer and then call the
 * original, whose result is returned unchanged.
 */
// biome-ignore lint/correctness/noUnusedVariables: in-page.js, into which this file is spliced, reads it.
const probes = (() => {
  const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
  const getPrototypeOf = Object.getPrototypeOf;
  const setValue = R.set;
  const setSize = Object.getOwnPropertyDescriptor(Set.prototype, 'size').get;
  const setValues = Set.prototype.values;
  const setIteratorNext = getPrototypeOf(new Set().values()).next;
  const mapSet = Map.prototype.set;
  const createTreeWalker = Document.prototype.createTreeWalker;
  const walkerNextNode = TreeWalker.prototype.nextNode;
  const documentBody = getOwnPropertyDescriptor(Document.prototype, 'body').get;
  const SHOW_ELEMENT = 1;
  const HOOK = '__REACT_DEVTOOLS_GLOBAL_HOOK__';
  /** Readings kept per probe, and elements walked to find a Vue mount (mounts sit near the top). */
  const MAX_READINGS = 8;
  const MAX_ELEMENTS = 3000;
  const MAX_PROTOTYPES = 8;
  const MAX_READING_CHARS = 100;

  const reactRenderers = list();

  /** An own data property's value; undefined for accessors, missing keys and non-objects. */
  function dataValue(object, key) {
    if (object === null || (typeof object !== 'object' && typeof object !== 'function')) return undefined;
    const descriptor = apply(getOwnPropertyDescriptor, Object, [object, key]);
    return descriptor !== undefined && apply(hasOwn, descriptor, ['value']) ? descriptor.value : undefined;
  }

  /** A data property found on the object or its prototypes (a constructor is inherited). */
  function inheritedDataValue(object, key) {
    let current = object;
    for (let depth = 0; depth < MAX_PROTOTYPES && current !== null && current !== undefined; depth += 1) {
      const value = dataValue(current, key);
      if (value !== undefined) return value;
      current = apply(getPrototypeOf, Object, [current]);
    }
    return undefined;
  }

  function add(readings, text) {
    if (typeof text === 'string' && readings.length < MAX_READINGS) readings[readings.length] = cut(text, MAX_READING_CHARS);
  }

  function recordRenderer(internals) {
    try {
      const name = dataValue(internals, 'rendererPackageName');
      const version = dataValue(internals, 'version');
      if (typeof name === 'string' && typeof version === 'string') add(reactRenderers, `${cut(name, MAX_READING_CHARS)}@${cut(version, MAX_READING_CHARS)}`);
    } catch {
      // A renderer we cannot read is not recorded; React goes on as without us.
    }
  }

  function wrapInject(hook) {
    const original = dataValue(hook, 'inject');
    if (typeof original !== 'function') return;
    const wrapped = function inject(internals) {
      recordRenderer(internals);
      return apply(original, this, [internals]);
    };
    apply(setValue, R, [hook, 'inject', wrapped]);
  }

  function installReactHook() {
    try {
      const existing = apply(getOwnPropertyDescriptor, Object, [win, HOOK]);
      if (existing !== undefined) {
        wrapInject(dataValue(win, HOOK));
        return;
      }
      const renderers = new Map();
      let nextId = 1;
      const hook = {
        supportsFiber: true,
        renderers,
        inject(internals) {
          const id = nextId;
          nextId += 1;
          apply(mapSet, renderers, [id, internals]);
          recordRenderer(internals);
          return id;
        },
        onCommitFiberRoot() {},
        onCommitFiberUnmount() {},
        onPostCommitFiberRoot() {},
      };
      defineProperty(win, HOOK, { value: hook, configurable: true, enumerable: false, writable: true });
    } catch {
      // A window we cannot define on keeps its own behaviour; the probe reports nothing.
    }
  }

  /** Vue 3 keeps its app on the mount element; Vue 2 its component instance on the root element. */
  function vueReadings(found) {
    const apps = list();
    const roots = list();
    const body = apply(documentBody, doc, []);
    if (!body) return;
    const walker = apply(createTreeWalker, doc, [body, SHOW_ELEMENT]);
    for (let count = 0; count < MAX_ELEMENTS && (apps.length === 0 || roots.length === 0); count += 1) {
      const element = apply(walkerNextNode, walker, []);
      if (!element) break;
      if (apps.length === 0 && apply(hasOwn, element, ['__vue_app__'])) {
        const app = dataValue(element, '__vue_app__');
        const isApp = dataValue(app, '_container') === element && typeof dataValue(app, 'mount') === 'function' && typeof dataValue(app, 'use') === 'function';
        if (isApp) add(apps, dataValue(app, 'version'));
      }
      if (roots.length === 0 && apply(hasOwn, element, ['__vue__'])) {
        const root = dataValue(dataValue(element, '__vue__'), '$root');
        const Vue = dataValue(root, '_isVue') === true ? inheritedDataValue(root, 'constructor') : undefined;
        if (typeof Vue === 'function' && typeof dataValue(Vue, 'use') === 'function') add(roots, dataValue(Vue, 'version'));
      }
    }
    if (apps.length > 0) found['vue-app'] = apps;
    if (roots.length > 0) found['vue-root'] = roots;
  }

  /** Svelte 4 and 5 add their major version to the set `window.__svelte.v`. */
  function svelteReadings(found) {
    const versions = dataValue(dataValue(win, '__svelte'), 'v');
    if (typeof versions !== 'object' || versions === null) return;
    let size;
    try {
      size = apply(setSize, versions, []);
    } catch {
      return; // Not a Set: a page's own __svelte.
    }
    const readings = list();
    const iterator = apply(setValues, versions, []);
    for (let index = 0; index < size && index < MAX_READINGS; index += 1) {
      const step = apply(setIteratorNext, iterator, []);
      if (step.done) break;
      add(readings, step.value);
    }
    if (readings.length > 0) found['svelte-registry'] = readings;
  }

  function guarded(probe, found) {
    try {
      probe(found);
    } catch {
      // A hostile page broke one probe; the others still report.
    }
  }

  installReactHook();

  return {
    /** Probe id → readings, for what the page runs now. */
    collect() {
      const found = record();
      if (reactRenderers.length > 0) {
        const renderers = list();
        for (let index = 0; index < reactRenderers.length; index += 1) renderers[index] = reactRenderers[index];
        found['react-renderer'] = renderers;
      }
      // Called one by one, not through an array: a page may have replaced Array's iterator.
      guarded(vueReadings, found);
      guarded(svelteReadings, found);
      return found;
    },
  };
})();
