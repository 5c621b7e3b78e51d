/**
 * Keeps the "create on GitHub" link and the preview in step with the form. Without
 * JavaScript the page still offers the link, prefilled with the example monitor.
 */
import { githubLinks } from '../lib/links.ts';
import { slugify } from '../lib/slugify.ts';
import { monitorFile, monitorTemplate, type NewMonitor } from '../lib/template.ts';

const form = document.querySelector<HTMLFormElement>('form[data-new-monitor]');
const link = document.querySelector<HTMLAnchorElement>('[data-new-monitor-link]');
const preview = document.querySelector<HTMLElement>('[data-new-monitor-preview]');
const path = document.querySelector<HTMLElement>('[data-new-monitor-path]');

function value(name: string): string {
  const field = form?.elements.namedItem(name);
  return field instanceof HTMLInputElement || field instanceof HTMLSelectElement ? field.value.trim() : '';
}

if (form) {
  const slugField = form.elements.namedItem('slug');
  let slugEdited = false;
  if (slugField instanceof HTMLInputElement) slugField.addEventListener('input', () => (slugEdited = slugField.value !== ''));

  const update = () => {
    if (!slugEdited && slugField instanceof HTMLInputElement) slugField.value = slugify(value('name'));
    const monitor: NewMonitor = {
      organization: slugify(value('organization')) || 'your-organization',
      slug: slugify(value('slug')) || 'competitor-x',
      name: value('name') || 'Competitor X',
      url: value('url') || 'https://www.competitor-x.example/',
      schedule: value('schedule') || '0 */6 * * *',
    };
    const text = monitorTemplate(monitor);
    if (preview) preview.textContent = text;
    if (path) path.textContent = monitorFile(monitor);
    const repository = link?.dataset.repository;
    if (link && repository) link.href = githubLinks(repository).newFile(monitorFile(monitor), text);
  };
  form.addEventListener('input', update);
  form.addEventListener('submit', (event) => event.preventDefault());
  form.hidden = false;
  update();
}
