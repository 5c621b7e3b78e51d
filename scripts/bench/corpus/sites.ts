import type { NoiseParts } from './noise.ts';

/**
 * The corpus's site shapes: what a page says (its content, as sections of blocks) and how it is
 * built — rendered on the server, rendered in the browser by a single-page app (with React or
 * plain DOM code), or rendered on the server and then hydrated with client-only widgets.
 */

export const SITE_SHAPES = ['landing', 'article', 'spa-react', 'spa-vanilla', 'docs', 'shop', 'pricing', 'blog', 'status', 'marketing', 'hydrated'] as const;
export type SiteShape = (typeof SITE_SHAPES)[number];

export type Rendering = 'server' | 'client-react' | 'client-dom' | 'hydrated';

export interface Section {
  readonly heading: string | null;
  readonly blocks: readonly string[];
  /** Items of a list the page may show in any order (products, features, links). */
  readonly list?: readonly string[];
}

export interface SiteContent {
  readonly title: string;
  readonly sections: readonly Section[];
}

export interface Shape {
  readonly rendering: Rendering;
  readonly content: SiteContent;
}

const WORDS = [
  'teams',
  'reports',
  'dashboards',
  'customers',
  'revenue',
  'insight',
  'pipelines',
  'analytics',
  'forecasts',
  'budgets',
  'growth',
  'workflows',
  'data',
  'sales',
  'support',
  'orders',
  'weekly',
  'shared',
  'simple',
  'secure',
];

/** A deterministic sentence: the same site always says the same thing. */
function sentence(seed: number, words = 12): string {
  const picked = Array.from({ length: words }, (_, index) => WORDS[(seed * 7 + index * 13 + Math.floor((index * seed) / 3)) % WORDS.length] ?? 'data');
  const text = picked.join(' ');
  return `${text.charAt(0).toUpperCase()}${text.slice(1)} ${seed}.`.replace(/ (\d+)\.$/, (_match, number: string) => ` number ${spell(Number(number))}.`);
}

function spell(value: number): string {
  const names = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  return String(value)
    .split('')
    .map((digit) => names[Number(digit)] ?? digit)
    .join(' ');
}

const paragraphs = (from: number, count: number, words = 14) => Array.from({ length: count }, (_, index) => sentence(from + index, words));

const SHAPES: Readonly<Record<SiteShape, Shape>> = {
  landing: {
    rendering: 'server',
    content: {
      title: 'Northwind — dashboards for teams',
      sections: [
        { heading: 'Dashboards your whole team will read', blocks: ['Northwind turns the numbers scattered across your tools into one page a week.'] },
        { heading: 'Simple pricing', blocks: ['Starter is free for three people.', 'Team costs 12 euros per person and month, billed yearly.'] },
      ],
    },
  },
  article: {
    rendering: 'server',
    content: {
      title: 'The long read: how teams plan a quarter',
      sections: Array.from({ length: 8 }, (_, index) => ({ heading: `Chapter ${spell(index + 1)}`, blocks: paragraphs(100 + index * 10, 8, 22) })),
    },
  },
  'spa-react': {
    rendering: 'client-react',
    content: {
      title: 'Lumen — the outdoor shop',
      sections: [
        {
          heading: 'Gear for every trail',
          blocks: ['Tents, packs and boots tested on real mountains.'],
          list: ['Alpine tent', 'Trail pack', 'Rain shell', 'Hiking boots', 'Camp stove'],
        },
        { heading: 'Why Lumen', blocks: ['Free returns for 60 days.', 'Repairs for life on every pack.'] },
      ],
    },
  },
  'spa-vanilla': {
    rendering: 'client-dom',
    content: {
      title: 'Kestrel Pay — payments made plain',
      sections: [
        { heading: 'Accept payments in minutes', blocks: ['One integration for cards, wallets and bank transfers.', 'Payouts every day, in 30 currencies.'] },
        { heading: 'Features', blocks: [], list: ['Fraud checks', 'Invoices', 'Subscriptions', 'Payment links'] },
      ],
    },
  },
  docs: {
    rendering: 'server',
    content: {
      title: 'Getting started — Brightdesk docs',
      sections: [
        { heading: null, blocks: [], list: ['Introduction', 'Installation', 'Configuration', 'Deploying', 'API reference', 'Webhooks', 'Troubleshooting'] },
        {
          heading: 'Installation',
          blocks: [
            'Install the command line tool with your package manager.',
            'npm install brightdesk --save',
            'Then run brightdesk init in your project folder.',
          ],
        },
        { heading: 'Configuration', blocks: paragraphs(300, 4) },
        { heading: 'Deploying', blocks: paragraphs(320, 3) },
      ],
    },
  },
  shop: {
    rendering: 'server',
    content: {
      title: 'Shopwave — furniture for small flats',
      sections: [
        {
          heading: 'New this week',
          blocks: [],
          list: [
            'Oak stool — 89 euros',
            'Linen sofa — 899 euros',
            'Wall shelf — 49 euros',
            'Floor lamp — 129 euros',
            'Side table — 79 euros',
            'Rug — 199 euros',
          ],
        },
        { heading: 'Delivery', blocks: ['Delivered to your door in five working days.', 'Assembly on request.'] },
      ],
    },
  },
  pricing: {
    rendering: 'server',
    content: {
      title: 'Pricing — Ledgerly',
      sections: [
        {
          heading: 'Plans',
          blocks: ['Basic: 9 euros a month, one user.', 'Pro: 29 euros a month, five users.', 'Business: 99 euros a month, unlimited users.'],
        },
        { heading: 'Questions', blocks: ['Can I change plans later? Yes, at any time.', 'Is there a free trial? Thirty days, no card needed.'] },
      ],
    },
  },
  blog: {
    rendering: 'server',
    content: {
      title: 'Blog — Globex',
      sections: [
        {
          heading: 'Latest posts',
          blocks: paragraphs(500, 3, 10),
          list: ['Why we moved to weekly releases', 'Our new office in Lisbon', 'Five lessons from a year of remote work'],
        },
      ],
    },
  },
  status: {
    rendering: 'server',
    content: {
      title: 'Status — Initech',
      sections: [
        { heading: 'All systems operational', blocks: ['API: operational', 'Dashboard: operational', 'Webhooks: operational'] },
        { heading: 'Past incidents', blocks: ['No incidents reported in the last 90 days.'] },
      ],
    },
  },
  marketing: {
    rendering: 'server',
    content: {
      title: 'Umbrella — cloud backups',
      sections: [
        { heading: 'Back up everything, restore anything', blocks: ['Encrypted backups of your laptops and servers, every hour.'] },
        { heading: 'Trusted by IT teams', blocks: paragraphs(700, 3) },
      ],
    },
  },
  hydrated: {
    rendering: 'hydrated',
    content: {
      title: 'Vandelay — import and export',
      sections: [
        { heading: 'Freight without the paperwork', blocks: ['Book sea and air freight in one place.', 'Customs documents filled in for you.'] },
        { heading: 'Routes', blocks: [], list: ['Rotterdam to New York', 'Hamburg to Shanghai', 'Antwerp to Santos'] },
      ],
    },
  },
};

export function shapeOf(shape: SiteShape): Shape {
  return SHAPES[shape];
}

const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The page's content as server-rendered HTML, its lists in the order the noise gives. */
export function contentHtml(content: SiteContent, noise: NoiseParts): string {
  return content.sections
    .map((section, index) => {
      const heading = section.heading ? `<h2>${escape(section.heading)}</h2>` : '';
      const blocks = section.blocks.map((block) => `<p>${escape(block)}</p>`).join('');
      const list = section.list
        ? `<ul>${noise
            .order(section.list)
            .map((item) => `<li>${escape(item)}</li>`)
            .join('')}</ul>`
        : '';
      return `<section>${heading}${blocks}${list}</section>${index === 0 ? noise.promo : ''}`;
    })
    .join('');
}

/** The script of a client-rendered page: it renders `content` into #root, then adds its noise. */
export function appScript(rendering: 'client-react' | 'client-dom', content: SiteContent): string {
  const data = JSON.stringify(content);
  if (rendering === 'client-dom') {
    return `(function () {
  var content = ${data};
  var root = document.getElementById('root');
  content.sections.forEach(function (section) {
    var element = document.createElement('section');
    if (section.heading) { var h = document.createElement('h2'); h.textContent = section.heading; element.appendChild(h); }
    section.blocks.forEach(function (block) { var p = document.createElement('p'); p.textContent = block; element.appendChild(p); });
    if (section.list) { var ul = document.createElement('ul'); window.__order(section.list).forEach(function (item) { var li = document.createElement('li'); li.textContent = item; ul.appendChild(li); }); element.appendChild(ul); }
    root.appendChild(element);
  });
  window.__noise(root);
})();`;
  }
  return `(function () {
  var content = ${data};
  var e = React.createElement;
  function Section(props) {
    var s = props.section;
    return e('section', null, s.heading ? e('h2', null, s.heading) : null,
      s.blocks.map(function (block, i) { return e('p', { key: i }, block); }),
      s.list ? e('ul', null, window.__order(s.list).map(function (item) { return e('li', { key: item }, item); })) : null);
  }
  var root = document.getElementById('root');
  var app = e('main', null, content.sections.map(function (section, i) { return e(Section, { key: i, section: section }); }));
  ReactDOM.flushSync(function () { ReactDOM.createRoot(root).render(app); });
  window.__noise(root);
})();`;
}
