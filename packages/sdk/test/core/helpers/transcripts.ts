// Reading the recorded ctx-proxy transcripts (test/fixtures/ctx-proxy-transcripts).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIRECTORY = fileURLToPath(new URL('../../fixtures/ctx-proxy-transcripts/', import.meta.url));

export interface TranscriptLine {
  /** A request body: `{args: [...]}`, or a raw string that is not JSON. */
  request: { args: unknown[] } | string;
  response: { type: string; payload: unknown };
}

export function jsonlTranscripts(): Map<string, TranscriptLine[]> {
  const files = readdirSync(DIRECTORY).filter((file) => file.endsWith('.jsonl'));
  return new Map(
    files.map((file) => [
      file,
      readFileSync(DIRECTORY + file, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .map((line) => JSON.parse(line) as TranscriptLine),
    ]),
  );
}

export interface RawExchange {
  /** Request header lines (request line first) and the exact body bytes. */
  requestHeaders: string[];
  requestBody: string;
  /** The exact reply bytes, CRLF line ends as on the wire. */
  response: string;
}

/** raw-http.txt: each exchange as the bytes that crossed the wire (the file shows LF line ends). */
export function rawExchanges(): RawExchange[] {
  const text = readFileSync(DIRECTORY + 'raw-http.txt', 'utf8');
  return text
    .split(/^={10,}$/m)
    .map((section) => section.trim())
    .filter((section) => section !== '')
    .map((section) => {
      const [, requestPart = '', responsePart = ''] =
        /^>>>[^\n]*\n([\s\S]*?)\n<<<[^\n]*\n([\s\S]*)$/.exec(section) ?? [];
      const [requestHead = '', requestBody = ''] = requestPart.split('\n\n');
      const [responseHead = '', responseBody = ''] = responsePart.split('\n\n');
      return {
        requestHeaders: requestHead.split('\n'),
        requestBody,
        response: `${responseHead.split('\n').join('\r\n')}\r\n\r\n${responseBody}`,
      };
    });
}
