package dev.realm.testservices;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Test-only Neo4j Community server: an embedded DBMS with the Bolt connector
 * listening on a loopback address. Not for production.
 *
 * Configuration (environment variables):
 *   NEO4J_HOME_DIR        working directory; WIPED on every start (required)
 *   NEO4J_BOLT_HOST       default 127.0.0.1 (must be a loopback address)
 *   NEO4J_BOLT_PORT       default 7687
 *   NEO4J_AUTH            "neo4j/<password>" (default neo4j/testpassword) or "none"
 *   NEO4J_PAGECACHE_MB    default 128
 *   NEO4J_READY_FILE      optional; written (with the pid) once the DBMS is ready
 *
 * Prints "NEO4J READY bolt://host:port" on stdout when Bolt accepts sessions
 * with the configured credentials; shuts down cleanly on SIGTERM/SIGINT.
 */
public final class Neo4jLauncher {

    private Neo4jLauncher() {}

    public static void main(String[] args) throws Exception {
        long started = System.nanoTime();
        Map<String, String> env = System.getenv();

        String homeValue = env.get("NEO4J_HOME_DIR");
        if (homeValue == null || homeValue.isBlank()) {
            fail("NEO4J_HOME_DIR is not set (it is wiped on start, so there is no default)");
        }
        Path home = Path.of(homeValue).toAbsolutePath().normalize();
        if (home.getNameCount() < 2) {
            fail("refusing to use " + home + " as NEO4J_HOME_DIR (it is wiped on start)");
        }
        String host = env.getOrDefault("NEO4J_BOLT_HOST", "127.0.0.1");
        if (!isLoopback(host)) {
            fail("NEO4J_BOLT_HOST must be a loopback address, got " + host);
        }
        int port = Integer.parseInt(env.getOrDefault("NEO4J_BOLT_PORT", "7687"));
        String auth = env.getOrDefault("NEO4J_AUTH", "neo4j/testpassword").trim();
        boolean authEnabled = !auth.equalsIgnoreCase("none");
        String password = null;
        if (authEnabled) {
            int slash = auth.indexOf('/');
            if (slash < 0 || !auth.substring(0, slash).equals("neo4j") || auth.length() - slash - 1 < 8) {
                fail("NEO4J_AUTH must be \"none\" or \"neo4j/<password of 8+ characters>\"");
            }
            password = auth.substring(slash + 1);
        }
        long pageCacheMb = Long.parseLong(env.getOrDefault("NEO4J_PAGECACHE_MB", "128"));
        Path readyFile = env.containsKey("NEO4J_READY_FILE") ? Path.of(env.get("NEO4J_READY_FILE")) : null;
        if (readyFile != null) {
            Files.deleteIfExists(readyFile);
        }

        deleteRecursively(home);
        Files.createDirectories(home);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(GraphDatabaseSettings.auth_enabled, authEnabled)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.preallocate_store_files, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // A test server: do not spend ~10 s in Bolt's graceful shutdown waits.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(500))
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_timeout, Duration.ofSeconds(2))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("NEO4J stopping");
            try {
                dbms.shutdown();
            } catch (RuntimeException e) {
                System.err.println("NEO4J shutdown error: " + e);
            } finally {
                stopped.countDown();
                System.out.println("NEO4J stopped");
                System.out.flush();
            }
        }, "neo4j-shutdown"));

        if (authEnabled) {
            // A fresh store has user neo4j with password "neo4j" that must be changed
            // before use; set the test password directly through the system database.
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                    "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        }
        // Touch the default database so the first client query does not pay for warm-up.
        dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");

        long millis = (System.nanoTime() - started) / 1_000_000;
        String uri = "bolt://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        if (readyFile != null) {
            Files.writeString(readyFile, ProcessHandle.current().pid() + "\n");
        }
        System.out.println("NEO4J READY " + uri + " auth=" + (authEnabled ? "neo4j/***" : "none")
                + " in " + millis + " ms (home " + home + ")");
        System.out.flush();

        stopped.await();
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.equals("::1") || host.startsWith("127.");
    }

    private static void fail(String message) {
        System.err.println("NEO4J launcher: " + message);
        System.exit(2);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
