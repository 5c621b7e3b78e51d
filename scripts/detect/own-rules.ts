/**
 * Our own detection rules, layered on the webappanalyzer database: patterns in the database's
 * format (https://github.com/enthec/webappanalyzer#specification), keyed by its canonical
 * technology names, for what its fingerprints do not read, mostly versions. Applied after
 * the database: a rule's pattern counts like one of the database's, but a version it reads is
 * used only when the database's own patterns read none (version.ts). A rule adds patterns,
 * never categories or relations (`implies`, `excludes`, `requires`); a name the database
 * lacks stops the load. The rules' hash is in every scan's producer record (`detectionRules`),
 * so editing this file starts a new technology baseline instead of reporting a change at the
 * competitor. Each rule says why it is here; test/detect/own-rules.test.ts holds its examples.
 */
export const OWN_RULES: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  // VitePress 1.x writes `<meta name="generator" content="VitePress v1.6.4">` into every
  // page; the database knows VitePress only by a global, without a version. The pre-release
  // tag is its own group: the matcher ignores a capture longer than 10 characters.
  VitePress: {
    meta: { generator: '^VitePress(?:\\s+v?(\\d+(?:\\.\\d+){1,3})(-[\\w.]+)?)?$\\;version:\\1\\2' },
  },
};
