import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { CausewayError, environmentError } from '../../errors';
import { ensureLauncherBuilt } from './buildLauncher';
import { findJava } from './findJava';

export interface LocalServerOptions {
  port: number;
  dataDir: string;
  pageCacheBytes: number;
  heapBytes: number;
  /** Detached servers outlive this process (`causeway neo4j start`); attached ones die with it. */
  detached?: boolean;
  log?: (line: string) => void;
  readyTimeoutMs?: number;
}

export interface LocalServer {
  uri: string;
  pid: number;
  version: string;
  edition: string;
  dataDir: string;
  stop(): Promise<void>;
}

/** The flags neo4j.conf gives the server JVM that embedding needs too. */
const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+DisableExplicitGC',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dlog4j2.disable.jmx=true',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
];

export const SERVER_OUTPUT_FILE = 'causeway-neo4j.out';

interface ReadyEvent {
  event: 'ready';
  bolt: string;
  pid: number;
  version: string;
  edition: string;
}
interface ErrorEvent {
  event: 'error';
  code: string;
  message: string;
}

export async function startLocalNeo4j(options: LocalServerOptions): Promise<LocalServer> {
  const log = options.log ?? (() => {});
  const java = findJava();
  const launcher = ensureLauncherBuilt(java, log);
  await assertPortFree(options.port);
  mkdirSync(options.dataDir, { recursive: true });

  const args = [
    `-Xms${Math.min(options.heapBytes, 256 * 1024 ** 2)}`,
    `-Xmx${options.heapBytes}`,
    ...JVM_FLAGS,
    '-cp',
    launcher.classpath,
    'dev.causeway.neo4j.Neo4jServer',
    '--port',
    String(options.port),
    '--data-dir',
    options.dataDir,
    '--page-cache',
    String(options.pageCacheBytes),
    ...(options.detached ? [] : ['--parent-pid', String(process.pid)]),
  ];
  log(`starting Neo4j (Java ${java.major} at ${java.javaHome}) on 127.0.0.1:${options.port}, data in ${options.dataDir}`);

  let child: ChildProcess;
  let events: AsyncIterable<string>;
  if (options.detached) {
    // Output goes to a file in the data directory so the server keeps no pipe to us.
    const outFile = join(options.dataDir, SERVER_OUTPUT_FILE);
    const fd = openSync(outFile, 'w');
    child = spawn(java.java, args, { detached: true, stdio: ['ignore', fd, fd] });
    closeSync(fd);
    child.unref();
    events = tailLines(outFile, child);
  } else {
    child = spawn(java.java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stderr?.on('data', (chunk: Buffer) => log(chunk.toString().trimEnd()));
    events = pipeLines(child);
  }

  const ready = await waitForReady(events, child, options.readyTimeoutMs ?? 180_000);
  const pid = child.pid ?? ready.pid;
  return {
    uri: ready.bolt,
    pid,
    version: ready.version,
    edition: ready.edition,
    dataDir: options.dataDir,
    stop: () => stopProcess(pid),
  };
}

async function waitForReady(lines: AsyncIterable<string>, child: ChildProcess, timeoutMs: number): Promise<ReadyEvent> {
  const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
  try {
    for await (const line of lines) {
      let event: ReadyEvent | ErrorEvent;
      try {
        event = JSON.parse(line) as ReadyEvent | ErrorEvent;
      } catch {
        continue; // the JVM may print warnings of its own
      }
      if (event.event === 'ready') return event;
      if (event.event === 'error') throw launcherError(event);
    }
  } finally {
    clearTimeout(timer);
  }
  throw environmentError(`Neo4j exited before it was ready (exit code ${child.exitCode ?? 'unknown'}, timeout ${timeoutMs} ms)`);
}

function launcherError(event: ErrorEvent): CausewayError {
  const hints: Record<string, string> = {
    PORT_IN_USE: 'choose another port with CAUSEWAY_NEO4J_PORT',
    STORE_LOCKED: 'stop the other process (`causeway neo4j stop`) or use another CAUSEWAY_HOME',
  };
  const hint = hints[event.code] ? `; ${hints[event.code]}` : '';
  return environmentError(`Neo4j could not start: ${event.message}${hint}`, { launcherCode: event.code });
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', () =>
      reject(environmentError(`port ${port} on 127.0.0.1 is already in use; choose another port with CAUSEWAY_NEO4J_PORT`, { launcherCode: 'PORT_IN_USE' })),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

async function* pipeLines(child: ChildProcess): AsyncIterable<string> {
  let buffered = '';
  const stdout = child.stdout;
  if (!stdout) return;
  for await (const chunk of stdout) {
    buffered += (chunk as Buffer).toString();
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      yield buffered.slice(0, newline);
      buffered = buffered.slice(newline + 1);
    }
  }
}

/** Polls a detached server's output file until the process exits. */
async function* tailLines(file: string, child: ChildProcess): AsyncIterable<string> {
  let exited = false;
  child.once('exit', () => (exited = true));
  let consumed = 0;
  for (;;) {
    const text = readFileSync(file, 'utf8');
    const complete = text.lastIndexOf('\n') + 1;
    for (const line of text.slice(consumed, complete).split('\n')) if (line) yield line;
    consumed = Math.max(consumed, complete);
    if (exited) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM lets Neo4j shut down cleanly (no recovery next start); SIGKILL only after a long grace. */
export async function stopProcess(pid: number, graceMs = 60_000): Promise<void> {
  if (!isProcessAlive(pid)) return;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) {
      process.kill(pid, 'SIGKILL');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
