import { createHash } from 'node:crypto';
import { existsSync, openSync, readSync, closeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { environmentError } from '../errors';

/** The provisioned model's files (see scripts/model/provision.js). */
export interface ModelFiles {
  dir: string;
  onnxPath: string;
  tokenizerJsonPath: string;
  tokenizerConfigPath: string;
}

export const PROVISION_HINT = 'run `node scripts/model/provision.js` (npm install does it) to provision the model';

/** fp32 is the reference export; int8 is the optional quantized file (`provision.js --int8`). */
export type ModelVariant = 'fp32' | 'int8';

const ONNX_FILE: Record<ModelVariant, string> = { fp32: 'model.onnx', int8: 'model.int8.onnx' };
const VARIANT_HINT: Record<ModelVariant, string> = {
  fp32: PROVISION_HINT,
  int8: 'run `node scripts/model/provision.js --int8` to make the int8 variant',
};

/** Where the model lives: $CAUSEWAY_MODEL_DIR, else <repo>/.cache/model. */
export function defaultModelDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CAUSEWAY_MODEL_DIR) return resolve(env.CAUSEWAY_MODEL_DIR);
  const cache = env.CAUSEWAY_CACHE_DIR ? resolve(env.CAUSEWAY_CACHE_DIR) : join(repositoryRoot(), '.cache');
  return join(cache, 'model');
}

/** Resolves and checks the model files; a missing file is an environment error naming the fix. */
export function locateModel(dir: string = defaultModelDir(), variant: ModelVariant = 'fp32'): ModelFiles {
  const files: ModelFiles = {
    dir,
    onnxPath: join(dir, ONNX_FILE[variant]),
    tokenizerJsonPath: join(dir, 'tokenizer.json'),
    tokenizerConfigPath: join(dir, 'tokenizer_config.json'),
  };
  for (const path of [files.onnxPath, files.tokenizerJsonPath, files.tokenizerConfigPath]) {
    if (!existsSync(path)) {
      throw environmentError(`embedding model file missing: ${path}; ${path === files.onnxPath ? VARIANT_HINT[variant] : PROVISION_HINT}`, { path });
    }
  }
  return files;
}

const checksums = new Map<string, string>();

/** SHA-256 of a file, memoised per path: the model's identity in caches and certificates. */
export function fileChecksum(path: string): string {
  const known = checksums.get(path);
  if (known) return known;
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  const buffer = Buffer.alloc(1 << 20);
  try {
    for (let read = readSync(fd, buffer); read > 0; read = readSync(fd, buffer)) hash.update(buffer.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  const sum = hash.digest('hex');
  checksums.set(path, sum);
  return sum;
}

/** The folder holding package.json, from src/ (ts-jest, tsx) and dist/ (built CLI) alike. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}
