import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { environmentError } from '../../errors';

/** Neo4j 5.26 runs on Java 17 and 21 only (not 25): pick one of those. */
const SUPPORTED_MAJORS = [17, 21];
const INSTALL_HINT =
  'install OpenJDK 17 (Debian/Ubuntu: apt-get install openjdk-17-jdk-headless) or set JAVA_HOME to a JDK 17 or 21';

export interface JavaRuntime {
  javaHome: string;
  java: string;
  major: number;
}

/**
 * Order: $JAVA_HOME if supported, then `java` on PATH, then any JDK 17/21
 * under /usr/lib/jvm (where Debian and Temurin put them, beside unsupported ones).
 */
export function findJava(env: NodeJS.ProcessEnv = process.env, jvmRoot = '/usr/lib/jvm'): JavaRuntime {
  const candidates: string[] = [];
  if (env.JAVA_HOME) candidates.push(env.JAVA_HOME);
  const onPath = javaProperties('java', env)?.home;
  if (onPath) candidates.push(onPath);
  if (existsSync(jvmRoot)) {
    for (const entry of readdirSync(jvmRoot).sort()) candidates.push(join(jvmRoot, entry));
  }
  const seen: string[] = [];
  for (const home of candidates) {
    const java = join(home, 'bin', 'java');
    const major = existsSync(java) ? javaProperties(java, env)?.major : undefined;
    if (major === undefined) continue;
    seen.push(`${home} (Java ${major})`);
    if (SUPPORTED_MAJORS.includes(major)) return { javaHome: home, java, major };
  }
  const found = seen.length ? `found only ${seen.join(', ')}` : 'no Java found';
  throw environmentError(`Neo4j 5.26 needs Java 17 or 21: ${found}; ${INSTALL_HINT}`);
}

function javaProperties(java: string, env: NodeJS.ProcessEnv): { home?: string; major?: number } | undefined {
  const run = spawnSync(java, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', env });
  if (run.error) return undefined;
  const text = `${run.stdout}${run.stderr}`; // the JVM prints settings on stderr
  const spec = /java\.specification\.version = (\S+)/.exec(text)?.[1];
  return {
    home: /java\.home = (.+)/.exec(text)?.[1]?.trim(),
    major: spec ? Number.parseInt(spec.replace(/^1\./, ''), 10) : undefined,
  };
}
