import type { Command } from 'commander';
import {
  createEmbeddingClient,
  EmbedServer,
  embedLines,
  exportTritonRepository,
  InProcessProvider,
  loadEmbeddingConfig,
} from '../grounding';
import { runAction, UsageError } from './runAction';

/** `embed`, `embed-server` and `model export-triton`. */
export function registerGroundingCommands(program: Command): void {
  program
    .command('embed')
    .description(
      'Embed stdin line by line: one JSON array of 384 numbers per line on stdout, in order (an empty line is the empty text). ' +
        'The provider follows EMBEDDINGS_URL / EMBEDDINGS_PROTOCOL; in-process when unset.',
    )
    .action(
      runAction(async () => {
        const client = await createEmbeddingClient(loadEmbeddingConfig());
        try {
          await embedLines(client, process.stdin, process.stdout);
        } finally {
          await client.close();
        }
      }),
    );

  program
    .command('embed-server')
    .description('Serve the model over HTTP: OpenAI-compatible /v1/embeddings and KServe v2 /v2/models/{name}/infer, with dynamic batching.')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port (0 = any free one)', '8080')
    .option('--max-batch <n>', 'most sequences per model run', '32')
    .option('--max-wait-ms <ms>', 'longest a sequence waits for its batch to fill', '5')
    .option('--max-queue <n>', 'most waiting sequences before requests get 429', '1024')
    .option('--execution-provider <ep>', 'auto | cpu | cuda', process.env.EMBEDDINGS_EXECUTION_PROVIDER ?? 'auto')
    .option('--threads <n>', 'onnxruntime intra-op threads (default: all cores)')
    .option('--variant <variant>', 'fp32 | int8 (after `provision.js --int8`)', process.env.EMBEDDINGS_MODEL_VARIANT ?? 'fp32')
    .option('--spin-wait', 'let idle onnxruntime threads spin (faster on dedicated cores, wasteful on shared ones)')
    .option('--instances <n>', 'model instances, each its own session with --threads / n threads (1)', '1')
    .action(
      runAction(async (opts: Record<string, string | boolean | undefined>) => {
        const ep = opts.executionProvider;
        if (ep !== 'auto' && ep !== 'cpu' && ep !== 'cuda') throw new UsageError('--execution-provider must be auto, cpu or cuda');
        const maxBatch = positive(opts.maxBatch, '--max-batch');
        if (opts.variant !== 'fp32' && opts.variant !== 'int8') throw new UsageError('--variant must be fp32 or int8');
        const provider = await InProcessProvider.create({
          variant: opts.variant,
          executionProvider: ep,
          intraOpThreads: opts.threads === undefined ? undefined : positive(opts.threads, '--threads'),
          spinWait: opts.spinWait === true,
          maxBatch,
          instances: positive(opts.instances, '--instances'),
        });
        const server = await EmbedServer.start(provider, {
          host: String(opts.host),
          port: nonNegative(opts.port, '--port'),
          maxBatch,
          maxWaitMs: nonNegative(opts.maxWaitMs, '--max-wait-ms'),
          maxQueue: positive(opts.maxQueue, '--max-queue'),
        });
        const info = provider.info;
        process.stderr.write(
          `embed-server listening on ${server.url} (model ${info.model} sha256 ${info.modelChecksum.slice(0, 12)}…, ` +
            `execution provider ${info.executionProvider}, ${provider.instances} instance(s) of ${provider.encoder.threads.intraOp} thread(s))\n`,
        );
        await new Promise<void>((resolve) => {
          const stop = (signal: string): void => {
            process.stderr.write(`embed-server: ${signal}, finishing queued requests\n`);
            void server.shutdown().then(resolve);
          };
          process.once('SIGTERM', () => stop('SIGTERM'));
          process.once('SIGINT', () => stop('SIGINT'));
        });
      }),
    );

  const model = program.command('model').description('Model files for other servers.');
  model
    .command('export-triton')
    .argument('<dir>', 'folder for the Triton model repository')
    .description('Write a Triton Inference Server model repository (KServe v2) for the ONNX model.')
    .option('--kind <kind>', 'gpu | cpu instance group', 'gpu')
    .option('--max-batch <n>', 'Triton max_batch_size', '64')
    .action(
      runAction((dir: string, opts: Record<string, string>) => {
        if (opts.kind !== 'gpu' && opts.kind !== 'cpu') throw new UsageError('--kind must be gpu or cpu');
        const written = exportTritonRepository(dir, { kind: opts.kind, maxBatch: positive(opts.maxBatch, '--max-batch') });
        for (const file of written) process.stdout.write(`${file}\n`);
      }),
    );
  model.exitOverride();
  for (const command of model.commands) command.exitOverride();
}

function nonNegative(text: string | boolean | undefined, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 0) throw new UsageError(`${option} expects a whole number, got "${text}"`);
  return value;
}

function positive(text: string | boolean | undefined, option: string): number {
  const value = nonNegative(text, option);
  if (value === 0) throw new UsageError(`${option} must be at least 1`);
  return value;
}
