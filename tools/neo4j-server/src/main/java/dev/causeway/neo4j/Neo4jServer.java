package dev.causeway.neo4j;

import java.net.BindException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

/**
 * Embeds Neo4j Community with a Bolt connector bound to 127.0.0.1.
 *
 * <p>Protocol with the Node side (src/graph/local/): every line on stdout is one JSON object with an
 * "event" field: exactly one {"event":"ready",...} once Bolt accepts connections, or one
 * {"event":"error","code":...} before exiting non-zero. Neo4j's own logs go to the data directory.
 *
 * <p>Shutdown is always clean (no store recovery on the next start): on SIGTERM/SIGINT through the
 * shutdown hook, and when the parent process given by --parent-pid dies.
 */
public final class Neo4jServer {
    private static final int EXIT_USAGE = 2;
    private static final int EXIT_PORT_IN_USE = 3;
    private static final int EXIT_STORE_LOCKED = 4;
    private static final int EXIT_START_FAILED = 5;

    private Neo4jServer() {}

    public static void main(String[] args) throws InterruptedException {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            emitError("USAGE", e.getMessage());
            System.exit(EXIT_USAGE);
            return;
        }

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(options.dataDir)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
                    .setConfig(GraphDatabaseSettings.pagecache_memory, options.pageCacheBytes)
                    // Loopback only, started by the project for this user: no password to manage.
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .build();
        } catch (RuntimeException e) {
            reportStartFailure(e, options);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            dbms.shutdown();
            stopped.countDown();
        }, "neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(TimeUnit.MINUTES.toMillis(5))) {
            emitError("START_FAILED", "database did not become available within 5 minutes");
            System.exit(EXIT_START_FAILED);
        }
        Map<String, Object> component = db.executeTransactionally(
                "CALL dbms.components() YIELD versions, edition RETURN versions[0] AS version, edition",
                Map.of(),
                result -> result.next());

        options.parentPid.ifPresent(Neo4jServer::exitWhenParentDies);

        System.out.println("{\"event\":\"ready\",\"bolt\":\"bolt://127.0.0.1:" + options.port + "\""
                + ",\"pid\":" + ProcessHandle.current().pid()
                + ",\"version\":\"" + json(String.valueOf(component.get("version"))) + "\""
                + ",\"edition\":\"" + json(String.valueOf(component.get("edition"))) + "\""
                + ",\"dataDir\":\"" + json(options.dataDir.toString()) + "\"}");
        System.out.flush();
        stopped.await();
    }

    /** Polls the parent: a JVM outliving the Node process that started it would hold the store lock. */
    private static void exitWhenParentDies(long parentPid) {
        Thread watcher = new Thread(() -> {
            while (true) {
                Optional<ProcessHandle> parent = ProcessHandle.of(parentPid);
                if (parent.isEmpty() || !parent.get().isAlive()) {
                    System.exit(0); // runs the shutdown hook: a clean shutdown
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "parent-watcher");
        watcher.setDaemon(true);
        watcher.start();
    }

    private static void reportStartFailure(Throwable error, Options options) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof BindException || message.contains("Address already in use")) {
                emitError("PORT_IN_USE", "port " + options.port + " on 127.0.0.1 is already in use");
                System.exit(EXIT_PORT_IN_USE);
            }
            if (t.getClass().getSimpleName().contains("FileLock") || message.contains("lock")) {
                emitError("STORE_LOCKED", "data directory " + options.dataDir
                        + " is locked by another process (another Neo4j is using it)");
                System.exit(EXIT_STORE_LOCKED);
            }
        }
        emitError("START_FAILED", String.valueOf(error));
        System.exit(EXIT_START_FAILED);
    }

    private static void emitError(String code, String message) {
        System.out.println("{\"event\":\"error\",\"code\":\"" + code + "\",\"message\":\"" + json(message) + "\"}");
        System.out.flush();
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        return out.toString();
    }

    /** Command line: --port N --data-dir PATH [--page-cache BYTES] [--parent-pid PID]. */
    private record Options(int port, Path dataDir, long pageCacheBytes, Optional<Long> parentPid) {
        static Options parse(String[] args) {
            Integer port = null;
            Path dataDir = null;
            long pageCache = 64L * 1024 * 1024;
            Optional<Long> parentPid = Optional.empty();
            for (int i = 0; i < args.length; i++) {
                String name = args[i];
                if (i + 1 >= args.length) throw new IllegalArgumentException("missing value for " + name);
                String value = args[++i];
                switch (name) {
                    case "--port" -> port = Integer.parseInt(value);
                    case "--data-dir" -> dataDir = Path.of(value).toAbsolutePath();
                    case "--page-cache" -> pageCache = Long.parseLong(value);
                    case "--parent-pid" -> parentPid = Optional.of(Long.parseLong(value));
                    default -> throw new IllegalArgumentException("unknown option " + name);
                }
            }
            if (port == null || port < 1 || port > 65535) throw new IllegalArgumentException("--port 1..65535 is required");
            if (dataDir == null) throw new IllegalArgumentException("--data-dir is required");
            return new Options(port, dataDir, pageCache, parentPid);
        }
    }
}
