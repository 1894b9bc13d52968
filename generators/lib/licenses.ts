// The LICENSE file: the full text for licenses the template carries (templates/plugin/LICENSE.<SPDX id>),
// otherwise a notice that names the license and where its text is.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const LICENSE_VARIANT = /^LICENSE\.(.+)$/;

export function bundledLicensePath(templatesDir: string, license: string): string | undefined {
  const path = join(templatesDir, `LICENSE.${license}`);
  return /^[\w.+-]+$/.test(license) && existsSync(path) ? path : undefined;
}

/** LICENSE before its placeholders (`${year}`, `${copyrightHolder}`, `${license}`) are filled. */
export function licenseTemplate(templatesDir: string, license: string): string {
  const bundled = bundledLicensePath(templatesDir, license);
  if (bundled) return readFileSync(bundled, 'utf8');
  return [
    'Copyright (c) ${year} ${copyrightHolder}',
    '',
    'This project is licensed under ${license} (an SPDX license expression);',
    'the license texts are at https://spdx.org/licenses/.',
    '',
  ].join('\n');
}
