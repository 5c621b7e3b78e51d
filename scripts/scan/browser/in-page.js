/*
 * Runs inside the scanned page, installed before any of the page's own scripts (an init
 * script), so it can keep the pristine built-ins a page might later override or poison
 * (JSON.stringify, querySelectorAll, Object.prototype.toJSON …). Plain JavaScript on purpose:
 * it is sent to the browser as text, never compiled or run by Node.
 *
 * The KEY placeholder below is replaced with a random property name per scan, the
 * WEB_VITALS placeholder with Google's web-vitals IIFE build, which then lives only inside
 * this closure, the PROBES placeholder with the runtime probes (in-page-probes.js), and
 * MAX_SOCKETS with LIMITS.maxSocketsPerDocument.
 */
(() => {
  // Dialogs answer at once, as the scan dismisses them: a page that loops on alert() is then
  // only busy, and a busy page is something the scan can stop (its browser still dismisses
  // any dialog that opens some other way). In every frame, since any frame can block the page.
  try {
    const answers = [
      ['alert', undefined],
      ['confirm', false],
      ['prompt', null],
    ];
    for (let index = 0; index < answers.length; index += 1) {
      const answer = answers[index][1];
      Reflect.defineProperty(window, answers[index][0], { value: () => answer, configurable: true, writable: true });
    }
  } catch {
    // A frame that forbids it keeps the browser's dialogs, which are dismissed.
  }
  // Sockets and event streams, a budget of each per document: past it, opening one fails as
  // a blocked one does. Without it a page that opens them by the thousand keeps its renderer
  // swamped by their native work (an event stream reconnects by itself), scripts stopped or not.
  try {
    const budget = __MAX_SOCKETS__;
    const kinds = ['WebSocket', 'EventSource'];
    for (let index = 0; index < kinds.length; index += 1) {
      const name = kinds[index];
      const original = window[name];
      if (typeof original !== 'function') continue;
      let opened = 0;
      const bounded = new Proxy(original, {
        construct(target, args, newTarget) {
          opened += 1;
          if (opened > budget) throw new DOMException(`${name} refused: more than ${budget} opened by this page`, 'SecurityError');
          return Reflect.construct(target, args, newTarget === bounded ? target : newTarget);
        },
      });
      Reflect.defineProperty(window, name, { value: bounded, configurable: true, writable: true });
    }
  } catch {
    // A frame that forbids it keeps its constructors; the request cap still bounds them.
  }
  if (window.top !== window) return;
  const KEY = __KEY__;
  const R = Reflect;
  const apply = R.apply;
  const get = R.get;
  const defineProperty = R.defineProperty;
  const setPrototypeOf = R.setPrototypeOf;
  const hasOwn = Object.prototype.hasOwnProperty;
  const stringify = JSON.stringify;
  const querySelectorAll = Document.prototype.querySelectorAll;
  const getAttribute = Element.prototype.getAttribute;
  const nodeListLength = Object.getOwnPropertyDescriptor(NodeList.prototype, 'length').get;
  const nodeListItem = NodeList.prototype.item;
  const textContent = Object.getOwnPropertyDescriptor(Node.prototype, 'textContent').get;
  const outerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'outerHTML').get;
  const documentElement = Object.getOwnPropertyDescriptor(Document.prototype, 'documentElement').get;
  const readyState = Object.getOwnPropertyDescriptor(Document.prototype, 'readyState').get;
  const getElementsByTagName = Document.prototype.getElementsByTagName;
  const collectionLength = Object.getOwnPropertyDescriptor(HTMLCollection.prototype, 'length').get;
  const firstChild = Object.getOwnPropertyDescriptor(Node.prototype, 'firstChild').get;
  const nextSibling = Object.getOwnPropertyDescriptor(Node.prototype, 'nextSibling').get;
  const parentNode = Object.getOwnPropertyDescriptor(Node.prototype, 'parentNode').get;
  const appendChild = Node.prototype.appendChild;
  const removeChild = Node.prototype.removeChild;
  const importNode = Document.prototype.importNode;
  const implementation = Object.getOwnPropertyDescriptor(Document.prototype, 'implementation').get;
  const createHTMLDocument = DOMImplementation.prototype.createHTMLDocument;
  const getEntriesByType = Performance.prototype.getEntriesByType;
  const now = Performance.prototype.now;
  const CPU_ITERATIONS = 2000000;
  const layoutShiftSupported = typeof PerformanceObserver === 'function' && (PerformanceObserver.supportedEntryTypes || []).indexOf('layout-shift') >= 0;
  const stringSlice = String.prototype.slice;
  const stringTrim = String.prototype.trim;
  const stringSplit = String.prototype.split;
  const perf = performance;
  const doc = document;
  const win = window;

  const vitals = Object.create(null);
  try {
    __WEB_VITALS__;
    const keep = (name) => (metric) => {
      vitals[name] = metric.value;
    };
    const options = { reportAllChanges: true };
    webVitals.onTTFB(keep('ttfb'), options);
    webVitals.onFCP(keep('fcp'), options);
    webVitals.onLCP(keep('lcp'), options);
    webVitals.onCLS(keep('cls'), options);
  } catch (error) {
    vitals.error = String(error);
  }

  // Containers without prototypes: a page's Object.prototype.toJSON or Array.prototype.toJSON cannot reach them.
  const list = () => {
    const array = [];
    setPrototypeOf(array, null);
    return array;
  };
  const record = () => Object.create(null);
  const cut = (text, max) => apply(stringSlice, text, [0, max]);

  __PROBES__;

  /** A reported value: strings and numbers as found, anything else present as a boolean. */
  function reported(value, maxChars) {
    if (typeof value === 'string') return cut(value, maxChars);
    if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
    if (typeof value === 'boolean') return value;
    return !!value;
  }

  /**
   * Follows a property chain from window through own properties only, as Wappalyzer does; a
   * first name that is no property of window but a top-level `const`/`let` of the page starts
   * from that binding's value (`lexical`, read by the expression that called the collector).
   */
  function chainValue(chain, lexical) {
    let value = win;
    const parts = apply(stringSplit, chain, ['.']);
    let index = 0;
    if (!apply(hasOwn, win, [parts[0]]) && apply(hasOwn, lexical, [parts[0]])) {
      value = lexical[parts[0]];
      index = 1;
    }
    for (; index < parts.length; index += 1) {
      const type = typeof value;
      if (value === null || (type !== 'object' && type !== 'function')) return undefined;
      if (!apply(hasOwn, value, [parts[index]])) return undefined;
      value = get(value, parts[index]);
    }
    return value;
  }

  function collectJs(chains, limits, lexical) {
    const found = record();
    for (let index = 0; index < chains.length; index += 1) {
      const chain = chains[index];
      try {
        const value = chainValue(chain, lexical);
        if (value !== undefined && value !== null) found[chain] = reported(value, limits.maxValueChars);
      } catch {
        // A throwing getter is the page's business: the chain is reported as absent.
      }
    }
    return found;
  }

  function collectDom(queries, limits, root) {
    const found = record();
    for (let index = 0; index < queries.length; index += 1) {
      const query = queries[index];
      let nodes;
      try {
        nodes = apply(querySelectorAll, root, [query.selector]);
      } catch {
        continue;
      }
      const count = Math.min(apply(nodeListLength, nodes, []), limits.maxNodesPerSelector);
      if (count === 0) continue;
      const entries = list();
      for (let position = 0; position < count; position += 1) {
        const node = apply(nodeListItem, nodes, [position]);
        const entry = record();
        entry.exists = true;
        try {
          if (query.text) entry.text = cut(apply(stringTrim, apply(textContent, node, []) || '', []), limits.maxNodeTextChars);
          if (query.attributes.length > 0) {
            const attributes = record();
            for (let item = 0; item < query.attributes.length; item += 1) {
              const name = query.attributes[item];
              const value = apply(getAttribute, node, [name]);
              if (value !== null) attributes[name] = cut(value, limits.maxValueChars);
            }
            entry.attributes = attributes;
          }
          if (query.properties.length > 0) {
            const properties = record();
            for (let item = 0; item < query.properties.length; item += 1) {
              const name = query.properties[item];
              if (apply(hasOwn, node, [name])) properties[name] = reported(get(node, name), limits.maxValueChars);
            }
            entry.properties = properties;
          }
        } catch {
          // Keep what was read before a hostile getter threw.
        }
        entries[position] = entry;
      }
      found[query.selector] = entries;
    }
    return found;
  }

  /**
   * The first `maxNodes` nodes of the page, in document order, copied into an inert document
   * of its own (nothing runs or loads there): what is read of a page too big to read whole.
   * Iterative, so a DOM nested 200,000 deep costs no stack.
   */
  function boundedCopy(maxNodes) {
    const copy = apply(createHTMLDocument, apply(implementation, doc, []), ['']);
    apply(removeChild, copy, [apply(documentElement, copy, [])]);
    const root = apply(documentElement, doc, []);
    const parents = list();
    let depth = 0;
    let parent = copy;
    let node = root;
    let budget = maxNodes;
    while (node && budget > 0) {
      let clone = null;
      try {
        clone = apply(importNode, copy, [node, false]);
        apply(appendChild, parent, [clone]);
      } catch {
        clone = null; // A node that cannot be copied is left out, with what is inside it.
      }
      budget -= 1;
      const child = clone === null ? null : apply(firstChild, node, []);
      if (child) {
        parents[depth] = parent;
        depth += 1;
        parent = clone;
        node = child;
        continue;
      }
      while (node) {
        if (node === root) {
          node = null;
          break;
        }
        const sibling = apply(nextSibling, node, []);
        if (sibling) {
          node = sibling;
          break;
        }
        node = apply(parentNode, node, []);
        depth -= 1;
        parent = parents[depth];
      }
    }
    return copy;
  }

  /**
   * How long a fixed piece of arithmetic takes in this renderer: paint times are only as
   * steady as the machine, and this says how busy it was while the page was measured.
   */
  function cpuMs() {
    const start = apply(now, perf, []);
    let x = 0;
    for (let index = 0; index < CPU_ITERATIONS; index += 1) x = (x * 1103515245 + 12345) | 0;
    const took = apply(now, perf, []) - start;
    return x === 0.5 ? -1 : took;
  }

  function timing() {
    const result = record();
    result.cpuMs = cpuMs();
    const navigation = apply(getEntriesByType, perf, ['navigation'])[0];
    if (navigation) {
      result.responseStart = navigation.responseStart;
      result.domContentLoaded = navigation.domContentLoadedEventEnd;
      result.load = navigation.loadEventEnd;
      result.protocol = navigation.nextHopProtocol;
    }
    const paints = apply(getEntriesByType, perf, ['paint']);
    for (let index = 0; index < paints.length; index += 1) {
      if (paints[index].name === 'first-contentful-paint') result.paintFcp = paints[index].startTime;
    }
    result.layoutShiftSupported = layoutShiftSupported;
    return result;
  }

  /** `readLexical`, when given, copies the page's top-level bindings the plan names into a record. */
  function collect(plan, limits, readLexical) {
    const lexical = record();
    if (typeof readLexical === 'function') {
      try {
        readLexical(lexical);
      } catch {
        // The bindings read before a throwing one are kept.
      }
    }
    const result = record();
    result.js = collectJs(plan.js, limits, lexical);
    result.probes = probes.collect();
    // Every selector is matched against every element: past the budget, against a copy of the first ones.
    result.elements = apply(collectionLength, apply(getElementsByTagName, doc, ['*']), []);
    const read = result.elements > limits.maxNodes ? boundedCopy(limits.maxNodes) : doc;
    result.dom = collectDom(plan.dom, limits, read);
    result.timing = timing();
    result.vitals = vitals;
    const root = apply(documentElement, read, []);
    result.html = root ? cut(apply(outerHTML, root, []), limits.maxHtmlChars) : '';
    result.readyState = apply(readyState, doc, []);
    return apply(stringify, JSON, [result]);
  }

  defineProperty(win, KEY, { value: collect, configurable: false, enumerable: false, writable: false });
})();
