import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadJobsFile, parseJobDefinition } from '../../../../src/ingest/jobs';

const valid = { name: 'papers', schedule: '*/5 * * * *', source: { kind: 'glob', pattern: 'docs/**/*.md' }, format: 'text' };

describe('job definitions', () => {
  it('fills option defaults', () => {
    const job = parseJobDefinition(valid);
    expect(job.options).toEqual({ strict: false, batchSize: 500, leaseTtlMs: 30_000, maxRetries: 5, retryBaseMs: 500, retryMaxMs: 30_000 });
  });

  it.each([
    [{ ...valid, name: 'bad name' }, /job\.name/],
    [{ ...valid, schedule: 'every tuesday' }, /job\.schedule .* is not a cron expression/],
    [{ ...valid, source: { kind: 'ftp', url: 'ftp://x' } }, /job\.source/],
    [{ ...valid, source: { kind: 'url', url: 'file:///etc/passwd' } }, /job\.source\.url/],
    [{ ...valid, format: 'xml' }, /job\.format/],
    [{ ...valid, options: { batchSize: 5000 } }, /job\.options\.batchSize/],
    [{ ...valid, options: { colour: 'red' } }, /job\.options/],
  ])('rejects %j naming the field', (input, message) => {
    expect(() => parseJobDefinition(input)).toThrow(message);
  });

  it('reads a jobs file, resolving paths against its directory', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobs-'));
    const file = join(dir, 'jobs.json');
    writeFileSync(file, JSON.stringify({ jobs: [valid, { name: 'one', schedule: '0 * * * *', source: { kind: 'file', path: 'a.jsonl' } }] }));
    const jobs = loadJobsFile(file);
    expect(jobs.map((j) => j.source)).toEqual([
      { kind: 'glob', pattern: join(dir, 'docs/**/*.md') },
      { kind: 'file', path: join(dir, 'a.jsonl') },
    ]);
  });

  it('refuses a jobs file that names a job twice or is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jobs-'));
    writeFileSync(join(dir, 'twice.json'), JSON.stringify([valid, valid]));
    expect(() => loadJobsFile(join(dir, 'twice.json'))).toThrow(/defined twice/);
    writeFileSync(join(dir, 'bad.json'), '{');
    expect(() => loadJobsFile(join(dir, 'bad.json'))).toThrow(/not JSON/);
  });
});
