// The update report as the user reads it: one line per file that changes or needs a look, the
// conflicts at the end, then what to do next.
import { quote } from '../validation.js';
import { MARKER_LABELS } from './text-merge.js';
import type { RecordChange, UpdateReport } from './update-plugin.js';

function shown(value: unknown): string {
  if (value === undefined) return 'unset';
  return typeof value === 'string' ? quote(value) : JSON.stringify(value);
}

function describeChange({ what, from, to }: RecordChange): string {
  return what === 'templateVersion'
    ? `template ${typeof from === 'string' ? from : 'unknown'} → ${String(to)}`
    : `${what} ${shown(from)} → ${shown(to)}`;
}

/** The file-by-file listing; unchanged files are counted, not listed. */
export function formatUpdateReport(report: UpdateReport): string {
  const changes = report.recordChanges.map(describeChange);
  const verb = report.mode === 'apply' ? 'Updating' : 'Checking for an update of';
  const lines = [`${verb} ${report.dir}${changes.length > 0 ? `: ${changes.join('; ')}` : ''}`];
  if (report.baseUnknown) {
    lines.push(
      'Its .yo-rc.json records no manifest (generated before update mode): files identical to a fresh render ' +
        'of the recorded answers are updated, the others are merged with that render as base when the ' +
        'template version is the same, two-way otherwise.',
    );
  }
  const listed = report.files.filter((file) => file.outcome !== 'unchanged');
  const outcomeWidth = Math.max(0, ...listed.map((file) => file.outcome.length));
  const pathWidth = Math.max(0, ...listed.map((file) => file.path.length));
  for (const { outcome, path, added, removed, note } of listed) {
    const counts = [added ? `+${added}` : '', removed ? `-${removed}` : ''].filter(Boolean).join(' ');
    const detail = [counts, note].filter(Boolean).join('  ');
    lines.push(
      `  ${outcome.padEnd(outcomeWidth)}  ${detail ? `${path.padEnd(pathWidth)}  ${detail}` : path}`,
    );
  }
  const unchanged = report.files.length - listed.length;
  if (unchanged > 0) lines.push(`  (${unchanged} file${unchanged === 1 ? '' : 's'} unchanged)`);
  if (report.conflicts.length > 0) {
    const verb = report.applied ? 'are left' : 'would be left';
    lines.push(
      '',
      `Conflicts (${report.conflicts.length}) ${verb} in these files, between <<<<<<< ${MARKER_LABELS.ours} and >>>>>>> ${MARKER_LABELS.theirs}:`,
      ...report.conflicts.map((path) => `  ${path}`),
    );
  }
  return lines.join('\n');
}

/** What to do after an update was written; `install` is the install command, unless it ran. */
export function updateNextSteps(report: UpdateReport, install: string | undefined): string {
  if (!report.changed) return 'Nothing to update: the plugin already matches the template and its answers.';
  const steps: [string, string][] = [['git diff', 'review what the update changed']];
  if (report.conflicts.length > 0) {
    steps.push(
      [
        'resolve the conflicts',
        report.stagesSet ? 'edit the marked files, or run `git mergetool`' : 'edit the marked files',
      ],
      ['git add <file>', 'mark each one resolved'],
    );
  }
  if (report.dependenciesChanged && install) steps.push([install, 'package.json dependencies changed']);
  steps.push(['git commit', 'the update is not committed for you']);
  const width = Math.max(...steps.map(([command]) => command.length));
  return ['Next steps:', ...steps.map(([command, why]) => `  ${command.padEnd(width)}  # ${why}`)].join('\n');
}

/** How an update run ends when not with 0: 1 when it left conflicts, 2 when --check found an update. */
export function updateVerdict(report: UpdateReport): { exitCode: 1 | 2; message: string } | undefined {
  if (report.mode === 'check' && report.changed) {
    return {
      exitCode: 2,
      message: 'An update is available (listed above): run again without --check to apply it.',
    };
  }
  const count = report.conflicts.length;
  if (report.applied && count > 0) {
    const them = count === 1 ? 'it' : 'them';
    return {
      exitCode: 1,
      message: `The update left ${count} conflict${count === 1 ? '' : 's'} (listed above): resolve ${them}, then commit.`,
    };
  }
  return undefined;
}
