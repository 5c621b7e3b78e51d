import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { alertsFor, openAlertQueue } from '../../scripts/alerts/index.ts';
import { loadMonitorConfig } from '../../scripts/monitors/files.ts';
import { tempDir } from '../helpers/temp.ts';
import { headerRemoved, versionChange } from './fixtures.ts';

export const CREATED = new Date('2026-11-28T06:00:00.000Z');
export const BEFORE_SLOT = '2026-11-28T06:30:00Z';
/** 08:00 in Berlin. */
export const AT_SLOT = '2026-11-28T07:00:00Z';

/** A working directory with monitors/, data/ and three queued alerts. */
export async function workspace(): Promise<string> {
  const cwd = await tempDir();
  await mkdir(join(cwd, 'monitors/acme'), { recursive: true });
  await writeFile(
    join(cwd, 'monitors/_settings.yaml'),
    'site:\n  url: https://intel.example/\ndigests:\n  hour: 8\n  timezone: Europe/Berlin\nmail:\n  from: "Acme Intel <intel-bot@acme.example>"\n',
  );
  await writeFile(
    join(cwd, 'monitors/acme/cartly.yaml'),
    'name: Cartly\nurl: https://cartly.example/\nschedule: "@daily"\nalerts:\n  recipients: [intel@acme.example]\n  digest: daily\n',
  );
  await writeFile(
    join(cwd, 'monitors/acme/shopwave.yaml'),
    'name: Shopwave\nurl: https://shopwave.example/\nschedule: "@daily"\nalerts:\n  recipients: [intel@acme.example, cto@acme.example]\n  digest: weekly\n',
  );
  const { monitors } = await loadMonitorConfig(join(cwd, 'monitors'), cwd);
  const changes = [
    versionChange('React', '18.2.0', '19.0.0', { monitor: 'acme/cartly' }),
    headerRemoved('Strict-Transport-Security', { monitor: 'acme/shopwave' }),
  ];
  await openAlertQueue(join(cwd, 'data')).enqueue(monitors.flatMap((monitor) => alertsFor(monitor, changes, CREATED)));
  return cwd;
}
