import { chmodSync, cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureLauncherBuilt } from '../../../src/graph/local/buildLauncher';
import { findJava } from '../../../src/graph/local/findJava';

/** A stand-in `java` that reports a version the way the JVM does (on stderr). */
function fakeJdk(root: string, name: string, version: string): string {
  const home = join(root, name);
  mkdirSync(join(home, 'bin'), { recursive: true });
  const java = join(home, 'bin', 'java');
  writeFileSync(java, `#!/bin/sh\necho "    java.home = ${home}" >&2\necho "    java.specification.version = ${version}" >&2\n`);
  chmodSync(java, 0o755);
  return home;
}

describe('environment failures are named with what to install', () => {
  const empty = { PATH: '' };

  it('no Java at all', () => {
    const jvms = mkdtempSync(join(tmpdir(), 'causeway-jvm-'));
    expect(() => findJava(empty, jvms)).toThrow(/Neo4j 5\.26 needs Java 17 or 21: no Java found; install OpenJDK 17/);
  });

  it('only unsupported Java (25), and the supported one preferred when both are there', () => {
    const jvms = mkdtempSync(join(tmpdir(), 'causeway-jvm-'));
    fakeJdk(jvms, 'temurin-25', '25');
    expect(() => findJava(empty, jvms)).toThrow(/found only .*temurin-25 \(Java 25\); install OpenJDK 17/);
    const home17 = fakeJdk(jvms, 'openjdk-17', '17');
    expect(findJava(empty, jvms)).toMatchObject({ javaHome: home17, major: 17 });
    const home21 = fakeJdk(mkdtempSync(join(tmpdir(), 'causeway-jh-')), 'jdk-21', '21');
    expect(findJava({ ...empty, JAVA_HOME: home21 }, jvms)).toMatchObject({ javaHome: home21, major: 21 });
  });

  it('Maven missing when the launcher must be built', () => {
    const root = mkdtempSync(join(tmpdir(), 'causeway-root-'));
    cpSync(join(__dirname, '..', '..', '..', 'tools', 'neo4j-server', 'pom.xml'), join(root, 'tools', 'neo4j-server', 'pom.xml'), { recursive: true });
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      expect(() => ensureLauncherBuilt({ javaHome: '/nowhere', java: '/nowhere/bin/java', major: 17 }, () => {}, root)).toThrow(
        /Maven \(mvn\) is needed once to build the Neo4j launcher: install it/,
      );
    } finally {
      process.env.PATH = path;
    }
  });
});
