import * as core from '@actions/core';
import { z } from 'zod';
import { parseYamlSource } from '../monitors/yaml-source.ts';

/**
 * A pull request that turns the private-network guard off (or on again) in
 * monitors/_settings.yaml deserves a reviewer's eye: the validate workflow annotates it.
 */

export const SETTINGS_PATH = 'monitors/_settings.yaml';
const KEY = 'allowPrivateNetworks';
const setting = z.object({ [KEY]: z.boolean().catch(false).default(false) }).catch({ [KEY]: false });

export interface PrivateNetworksChange {
  readonly allowed: boolean;
  /** Line of the key in the changed file (1 when the key was removed). */
  readonly line: number;
  readonly message: string;
}

/** What the pull request does to `allowPrivateNetworks`; null when it leaves it as it was. Texts are null for a missing file. */
export function privateNetworksChange(baseText: string | null, headText: string | null): PrivateNetworksChange | null {
  const before = allowedIn(baseText);
  const head = headText === null ? null : parseYamlSource(SETTINGS_PATH, headText);
  const after = allowedIn(headText);
  if (before === after) return null;
  const line = head?.keyAt([KEY])?.line ?? 1;
  return after
    ? {
        allowed: true,
        line,
        message: `This pull request sets ${KEY}: true — scheduled scans may then reach loopback, private, link-local and cloud metadata addresses (intranet monitoring). Make sure that is intended; the preview below still runs with the guard on.`,
      }
    : { allowed: false, line, message: `This pull request turns ${KEY} off: scans refuse loopback, private, link-local and cloud metadata addresses again.` };
}

export function annotatePrivateNetworksChange(change: PrivateNetworksChange): void {
  const properties = { title: `${KEY} changed`, file: SETTINGS_PATH, startLine: change.line };
  if (change.allowed) core.warning(change.message, properties);
  else core.notice(change.message, properties);
}

function allowedIn(text: string | null): boolean {
  if (text === null) return false;
  return setting.parse(parseYamlSource(SETTINGS_PATH, text).data ?? {})[KEY];
}
