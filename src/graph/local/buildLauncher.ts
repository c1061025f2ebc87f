import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../config';
import { environmentError } from '../../errors';
import type { JavaRuntime } from './findJava';

export interface LauncherBuild {
  /** Classpath for `java -cp`: the launcher jar and Neo4j's runtime dependencies. */
  classpath: string;
  buildDir: string;
  rebuilt: boolean;
}

const SOURCE_DIR = 'tools/neo4j-server';

/**
 * Builds tools/neo4j-server with Maven into the gitignored cache on first use.
 * A stamp holding the hash of the launcher's sources makes later starts skip
 * Maven entirely; editing the launcher triggers one rebuild.
 */
export function ensureLauncherBuilt(java: JavaRuntime, log: (line: string) => void = () => {}, root = projectRoot()): LauncherBuild {
  const buildDir = join(root, '.cache', 'neo4j-server');
  const stampFile = join(buildDir, 'source.sha256');
  const jar = join(buildDir, 'neo4j-server.jar');
  const classpath = `${jar}:${join(buildDir, 'lib', '*')}`;
  const sourceHash = hashSources(join(root, SOURCE_DIR));

  if (existsSync(jar) && existsSync(stampFile) && readFileSync(stampFile, 'utf8') === sourceHash) {
    return { classpath, buildDir, rebuilt: false };
  }
  if (spawnSync('mvn', ['--version'], { stdio: 'ignore', env: process.env }).error) {
    throw environmentError('Maven (mvn) is needed once to build the Neo4j launcher: install it (Debian/Ubuntu: apt-get install maven)');
  }
  log(`building the Neo4j launcher with Maven into ${buildDir} (first start only)…`);
  const build = spawnSync(
    'mvn',
    ['-q', '-B', '-f', join(root, SOURCE_DIR, 'pom.xml'), `-Dcauseway.buildDir=${buildDir}`, 'package'],
    { env: { ...process.env, JAVA_HOME: java.javaHome }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  if (build.status !== 0) {
    const output = `${build.stdout ?? ''}${build.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw environmentError(`building the Neo4j launcher failed (mvn exit ${build.status}):\n${output}`);
  }
  writeFileSync(stampFile, sourceHash);
  return { classpath, buildDir, rebuilt: true };
}

function hashSources(dir: string): string {
  const hash = createHash('sha256');
  const walk = (path: string): void => {
    for (const entry of readdirSync(path).sort()) {
      if (entry === 'target') continue;
      const full = join(path, entry);
      if (statSync(full).isDirectory()) walk(full);
      else hash.update(full.slice(dir.length)).update(readFileSync(full));
    }
  };
  walk(dir);
  return hash.digest('hex');
}
