import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staticSignals } from '../../scripts/detect/static-signals.ts';
import { FIXTURES } from '../helpers/paths.ts';

const URL = 'https://shop.example/catalog/';

describe('staticSignals', () => {
  it('reads the WordPress fixture page like a light scan would', async () => {
    const html = await readFile(join(FIXTURES, 'pages', 'wordpress.html'), 'utf8');
    const signals = staticSignals({
      url: 'https://harbourpine.example/',
      html,
      headers: { Server: 'nginx/1.24.0', 'Set-Cookie': ['wordpress_test_cookie=WP%20Cookie%20check; path=/', 'Theme=dark'] },
    });
    expect(signals.scriptSrc).toEqual([
      'https://harbourpine.example/wp-includes/js/jquery/jquery.min.js?ver=3.7.1',
      'https://harbourpine.example/wp-includes/js/jquery/jquery-migrate.min.js?ver=3.4.1',
      'https://www.googletagmanager.com/gtag/js?id=G-7QX2K4M9PL',
      'https://harbourpine.example/wp-content/themes/harbour/assets/js/bootstrap.bundle.min.js?ver=5.3.2',
      'https://harbourpine.example/wp-content/themes/harbour/assets/js/navigation.js?ver=1.4.0',
    ]);
    expect(signals.scripts).toHaveLength(2);
    expect(signals.scripts?.[1]).toContain("gtag('config', 'G-7QX2K4M9PL')");
    expect(signals.meta).toMatchObject({
      generator: ['WordPress 6.4.2'],
      robots: ['max-image-preview:large'],
      viewport: ['width=device-width, initial-scale=1'],
    });
    expect(signals.css).toContain('img.wp-smiley');
    expect(signals.text).toContain('Harbour & Pine Roasters – Small-batch coffee from the coast');
    expect(signals.text).not.toContain('gtag');
    expect(signals.headers).toEqual({ server: ['nginx/1.24.0'], 'set-cookie': ['wordpress_test_cookie=WP%20Cookie%20check; path=/', 'Theme=dark'] });
    expect(signals.cookies).toEqual({ wordpress_test_cookie: ['WP%20Cookie%20check'], theme: ['dark'] });
  });

  it.each<[string, string, Partial<ReturnType<typeof staticSignals>>]>([
    [
      'relative and protocol-relative script URLs',
      '<script src="/a.js"></script><script src=//cdn.example/b.js></script>',
      { scriptSrc: ['https://shop.example/a.js', 'https://cdn.example/b.js'] },
    ],
    ['entities in attributes', '<script src="/a.js?x=1&amp;y=2"></script>', { scriptSrc: ['https://shop.example/a.js?x=1&y=2'] }],
    ['inline data scripts are not URLs', '<script src="data:text/javascript;base64,YQ=="></script>', { scriptSrc: [] }],
    ['an unclosed script runs to the end', '<script>var a = 1; <p>not markup', { scripts: [' var a = 1; <p>not markup'.trimStart()] }],
    ['tags that only start like script', '<scripts>x</scripts><script>y</script>', { scripts: ['y'] }],
    ['meta by property, names lowercased', '<meta property="OG:Site_Name" content="Shop">', { meta: { 'og:site_name': ['Shop'] } }],
    ['text without comments, scripts or styles', '<p>Hello <!-- hidden --><b>world</b></p><style>p{}</style><template>t</template>', { text: 'Hello world' }],
  ])('%s', (_, html, expected) => {
    expect(staticSignals({ url: URL, html, headers: {} })).toMatchObject(expected);
  });
});
