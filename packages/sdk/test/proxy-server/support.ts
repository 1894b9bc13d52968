// A ctx model served by a real CtxProxyServer, without the executor, plus raw HTTP helpers.
import { request as httpRequest, Agent } from 'node:http';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DeploymentPlan } from '../../src/dsl/plan.js';
import {
  createOperationContext,
  type RuntimePropertiesAccess,
  type SubjectData,
} from '../../src/proxy/context-model.js';
import { answerCtxRequest } from '../../src/proxy/protocol.js';
import { BlueprintResources } from '../../src/proxy/resources.js';
import { ScriptOutcome } from '../../src/proxy/script-outcome.js';
import type { CtxProxyServer } from '../../src/proxy/server.js';
import { buildPlan, node, scriptOperation, task, type NodeSpec } from '../executor/support.js';

export class MemoryRuntime implements RuntimePropertiesAccess {
  saves = 0;
  private savedJson: string;

  constructor(public properties: Record<string, unknown> = {}) {
    this.savedJson = JSON.stringify(properties);
  }

  get dirty(): boolean {
    return JSON.stringify(this.properties) !== this.savedJson;
  }

  save(): Promise<void> {
    this.saves++;
    this.savedJson = JSON.stringify(this.properties);
    return Promise.resolve();
  }

  reload(): Promise<void> {
    this.properties = JSON.parse(this.savedJson) as Record<string, unknown>;
    return Promise.resolve();
  }
}

export interface ServedContext {
  url: string;
  outcome: ScriptOutcome;
  logs: string[];
  runtimes: Map<string, MemoryRuntime>;
  plan: DeploymentPlan;
  close(): void;
}

export interface ServeOptions {
  nodes?: NodeSpec[];
  /** Node operation on this instance (default the first instance), or a relationship operation. */
  subject?:
    | { kind: 'node'; instanceId: string }
    | { kind: 'relationship'; sourceId: string; targetId: string; side: 'source' | 'target' };
  blueprintDir?: string;
  stored?: Record<string, Record<string, unknown>>;
}

/** The transcripts' context: a node instance whose node has properties {port: 8000}. */
export function serveContext(server: CtxProxyServer, options: ServeOptions = {}): ServedContext {
  const plan = buildPlan(
    options.blueprintDir ?? '/nonexistent',
    options.nodes ?? [{ name: 'web', properties: { port: 8000 }, instances: ['web_a1b2c3'] }],
  );
  const runtimes = new Map<string, MemoryRuntime>();
  const subjectData = (id: string): SubjectData => {
    const instance = plan.nodeInstances.find((i) => i.id === id);
    const planNode = plan.nodes.find((n) => n.name === instance?.nodeName);
    if (!instance || !planNode) throw new Error(`no instance ${id}`);
    const runtime = new MemoryRuntime();
    runtimes.set(id, runtime);
    return { instance, node: planNode, runtime };
  };
  const subject = options.subject ?? { kind: 'node', instanceId: plan.nodeInstances[0]?.id ?? '' };
  const outcome = new ScriptOutcome();
  const logs: string[] = [];
  const ctx = createOperationContext({
    task: task(
      plan,
      subject.kind === 'node' ? node(subject.instanceId) : { ...subject, relationship: 0 },
      scriptOperation('cloudify.interfaces.lifecycle.create', { script_path: 'x.sh' }),
    ),
    taskId: 'task-1',
    subjects:
      subject.kind === 'node'
        ? { kind: 'node', self: subjectData(subject.instanceId) }
        : {
            kind: 'relationship',
            source: subjectData(subject.sourceId),
            target: subjectData(subject.targetId),
            side: subject.side,
          },
    storedRuntimeProperties: (id) => options.stored?.[id],
    log: (level, message) => logs.push(`${level}: ${message}`),
    outcome,
    resources: new BlueprintResources(options.blueprintDir ?? '/nonexistent'),
  });
  const endpoint = server.register((body) => answerCtxRequest(body, ctx));
  return { url: endpoint.url, outcome, logs, runtimes, plan, close: () => endpoint.close() };
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export function post(
  url: string,
  body: string,
  options: { agent?: Agent; method?: string } = {},
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      { method: options.method ?? 'POST', agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Sends `{"args": [...]}` and returns the parsed reply. */
export async function ask(
  url: string,
  args: unknown[],
  agent?: Agent,
): Promise<{ type: string; payload: unknown }> {
  const reply = await post(url, JSON.stringify({ args }), { agent });
  return JSON.parse(reply.body) as { type: string; payload: unknown };
}

/** An error reply without its traceback. */
export function withoutTraceback(reply: { type: string; payload: unknown }): {
  type: string;
  payload: unknown;
} {
  if (reply.type !== 'error' || typeof reply.payload !== 'object' || reply.payload === null) return reply;
  const { traceback: _traceback, ...rest } = reply.payload as Record<string, unknown>;
  return { type: reply.type, payload: rest };
}

const FIXTURES = fileURLToPath(new URL('../fixtures/ctx-proxy-transcripts/', import.meta.url));

export interface TranscriptLine {
  request: unknown;
  response: { type: string; payload: unknown };
}

export function transcripts(): Map<string, TranscriptLine[]> {
  return new Map(
    readdirSync(FIXTURES)
      .filter((f) => f.endsWith('.jsonl'))
      .map((file) => [
        file,
        readFileSync(FIXTURES + file, 'utf8')
          .split('\n')
          .filter((l) => l.trim() !== '')
          .map((l) => JSON.parse(l) as TranscriptLine),
      ]),
  );
}

export function rawHttpTranscript(): string {
  return readFileSync(FIXTURES + 'raw-http.txt', 'utf8');
}
