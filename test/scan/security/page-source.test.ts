import { describe, expect, it } from 'vitest';
import { readPageSource } from '../../../scripts/scan/security/page-source.ts';

describe('the page source as the Observatory reads it', () => {
  it('collects CSP meta policies in any case and spacing, and nothing else http-equiv', () => {
    const source = readPageSource(`<head>
      <meta http-equiv="Content-Security-Policy" content="default-src 'none'">
      <meta http-equiv=" Content-SECURITY-Policy " content="img-src 'self'">
      <meta http-equiv="content-security-policy" content="">
      <meta http-equiv="X-Frame-Options" content="DENY">
      <meta http-equiv="Referrer-Policy" content="no-referrer">
    </head>`);
    expect(source.cspMeta).toEqual(["default-src 'none'", "img-src 'self'"]);
    expect(source.referrerMeta).toBeNull();
  });

  it('takes the last <meta name="referrer">, its name in any case', () => {
    expect(readPageSource('<meta name="referrer" content="unsafe-url"><meta name=" referRer " content="no-referrer, same-origin">').referrerMeta).toBe(
      'no-referrer, same-origin',
    );
  });

  it('counts every script start tag, inline ones and those in noscript or template, with src and integrity as written', () => {
    const source = readPageSource(
      '<script>1</script><script src="//cdn.example.org/a.js" integrity="sha384-x"></script><noscript><script src="/b.js"></script></noscript><template><script></script></template><SCRIPT SRC="/c.js"></SCRIPT>',
    );
    expect(source.scripts).toEqual([
      { src: null, integrity: null },
      { src: '//cdn.example.org/a.js', integrity: 'sha384-x' },
      { src: '/b.js', integrity: null },
      { src: null, integrity: null },
      { src: '/c.js', integrity: null },
    ]);
  });

  it('decodes entities in attributes', () => {
    expect(readPageSource(`<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;">`).cspMeta).toEqual(["default-src 'none'"]);
  });
});
