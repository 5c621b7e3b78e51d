/**
 * Progressive filtering for lists rendered in full at build time. A `form[data-filter]`
 * names the element holding `[data-item]` rows; each field filters on the row's data
 * attribute of the same name (space-separated values), `q` on a text match. Filters are
 * mirrored in the query string so a filtered view can be linked. Without JavaScript the form
 * stays hidden and every row shows.
 */

type Field = HTMLInputElement | HTMLSelectElement;
const TEXT_FIELD = 'q';

function isField(element: Element): element is Field {
  return element instanceof HTMLInputElement || element instanceof HTMLSelectElement;
}

function matches(attribute: string, value: string, name: string): boolean {
  return name === TEXT_FIELD ? attribute.includes(value) : attribute.split(' ').includes(value);
}

function setUp(form: HTMLFormElement): void {
  const scope = document.getElementById(form.dataset.filter ?? '');
  if (!scope) return;
  const items = [...scope.querySelectorAll<HTMLElement>('[data-item]')];
  const groups = [...scope.querySelectorAll<HTMLElement>('[data-group]')];
  const fields = [...form.elements].filter(isField);
  const output = form.querySelector('output');
  const empty = scope.querySelector<HTMLElement>('[data-filter-empty]');

  const params = new URLSearchParams(window.location.search);
  for (const field of fields) {
    const value = params.get(field.name);
    if (value === null) continue;
    if (field instanceof HTMLSelectElement && ![...field.options].some((option) => option.value === value)) continue;
    field.value = value;
  }

  const apply = () => {
    const active = fields.map((field) => [field.name, field.value.trim().toLowerCase()] as const).filter(([, value]) => value !== '');
    let shown = 0;
    for (const item of items) {
      const visible = active.every(([name, value]) => matches(item.dataset[name] ?? '', value, name));
      item.hidden = !visible;
      if (visible) shown += 1;
    }
    for (const group of groups) group.hidden = group.querySelector('[data-item]:not([hidden])') === null;
    if (output) output.textContent = `${shown} of ${items.length} shown`;
    if (empty) empty.hidden = shown > 0;
    const query = new URLSearchParams(window.location.search);
    for (const field of fields) {
      if (field.value.trim() === '') query.delete(field.name);
      else query.set(field.name, field.value.trim());
    }
    const search = query.toString();
    window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}${window.location.hash}`);
  };

  form.addEventListener('input', apply);
  form.addEventListener('change', apply);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.addEventListener('reset', () => window.setTimeout(apply));
  form.hidden = false;
  apply();
}

for (const form of document.querySelectorAll<HTMLFormElement>('form[data-filter]')) setUp(form);
