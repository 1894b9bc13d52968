// `msg % args` as Python's logging module applies it, for `ctx logger info "x=%s" 1`.
import { pythonRepr, pythonStr } from '../python-format.js';
import { isDict } from './objects.js';

const CONVERSION = /%(?:\(([^)]*)\))?[-#0 +]*(?:\d+|\*)?(?:\.(\d+))?([sdifrax%])/g;

/** Formats like Python; when the arguments do not fit, keeps the text and appends them. */
export function percentFormat(message: string, args: unknown[]): string {
  if (args.length === 0) return message;
  const mapping = args.length === 1 && isDict(args[0]) ? args[0] : undefined;
  let next = 0;
  let failed = false;
  const text = message.replace(
    CONVERSION,
    (_match, key: string | undefined, precision: string | undefined, conversion: string) => {
      if (conversion === '%') return '%';
      let value: unknown;
      if (key !== undefined && mapping) value = mapping[key];
      else if (next < args.length) value = args[next++];
      else {
        failed = true;
        return '';
      }
      const numeric = typeof value === 'number' ? value : undefined;
      if ('difx'.includes(conversion) && numeric === undefined) {
        failed = true;
        return '';
      }
      switch (conversion) {
        case 'd':
        case 'i':
          return String(Math.trunc(numeric ?? 0));
        case 'f':
          return (numeric ?? 0).toFixed(precision === undefined ? 6 : Number(precision));
        case 'x':
          return Math.trunc(numeric ?? 0).toString(16);
        case 'r':
        case 'a':
          return pythonRepr(value);
        default:
          return pythonStr(value);
      }
    },
  );
  if (failed || (!mapping && next < args.length)) return [message, ...args.map(pythonStr)].join(' ');
  return text;
}
