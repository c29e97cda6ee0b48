package io.kvroute.proxy.testing;

import io.kvroute.kv.testing.ProcessSignals;
import io.kvroute.kv.testing.RequiredBinary;
import io.kvroute.kv.testing.TestCertificate;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL server (Debian's {@code postgresql} package, the newest {@code /usr/lib/postgresql/N/bin}) with
 * {@code ssl=on} and the given certificate, on a free loopback port, in a fresh cluster under a temporary directory
 * (trust authentication, superuser {@link #USER}; removed after the last test): started before the first test,
 * stopped by its PID (fast shutdown) after the last. PostgreSQL refuses to run as root, so under root the cluster
 * belongs to the package's {@code postgres} user and {@code initdb} and {@code postgres} run as it ({@code setpriv}).
 * {@link #psql} runs the package's real {@code psql} client. Without the binaries the tests fail when {@code CI=true}
 * and are skipped (aborted) otherwise, with a loud message on stderr.
 */
public final class PostgresServerExtension implements BeforeAllCallback, AfterAllCallback {
    /** The cluster's superuser, trusted without a password. */
    public static final String USER = "kvroute";
    static final String MISSING = "postgres not found in /usr/lib/postgresql/*/bin; scripts/test installs Debian's "
            + "postgresql";
    private static final Path PACKAGE_DIR = Path.of("/usr/lib/postgresql");
    private static final String SERVICE_USER = "postgres";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PSQL_TIMEOUT = Duration.ofSeconds(30);

    /** What one {@code psql} run printed and how it exited. */
    public record PsqlRun(int exitCode, String output) {
    }

    private final boolean failWhenMissing = "true".equals(System.getenv("CI"));
    private final TestCertificate certificate;
    private Path bin;
    private Path directory;
    private Process process;
    private int port;

    /** A server whose TLS certificate is {@code certificate}. */
    public PostgresServerExtension(TestCertificate certificate) {
        this.certificate = certificate;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
        bin = RequiredBinary.locate("postgres", binDirs(), failWhenMissing, MISSING, context.getDisplayName())
                .getParent();
        directory = Files.createTempDirectory("kvroute-postgres-");
        certificate.writeTo(directory, "server");
        Files.setPosixFilePermissions(TestCertificate.keyPath(directory, "server"),
                PosixFilePermissions.fromString("rw-------"));
        if (asRoot()) {
            handToServiceUser(directory);
        }
        Path data = directory.resolve("data");
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "--auth=trust",
                "--no-sync", "-E", "UTF8", "--locale=C"), directory.resolve("initdb.log"));
        port = LoopbackProcess.freePort("postgres");
        Path log = directory.resolve("postgres.log");
        process = new ProcessBuilder(asServiceUser(List.of(bin.resolve("postgres").toString(), "-D", data.toString(),
                "-c", "listen_addresses=127.0.0.1", "-c", "port=" + port, "-c",
                "unix_socket_directories=" + directory, "-c", "fsync=off", "-c", "ssl=on", "-c",
                "ssl_cert_file=" + directory.resolve("server.crt"), "-c",
                "ssl_key_file=" + TestCertificate.keyPath(directory, "server"))))
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .start();
        awaitReady(log);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException, InterruptedException {
        if (process != null) {
            ProcessSignals.send(process, "-INT");
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            }
            process = null;
        }
        if (directory != null) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** The server's port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /**
     * Runs the package's {@code psql} on {@code connection} (libpq's {@code key=value} form, to which the user and
     * database are added) with {@code query}: unaligned, tuples only.
     */
    public PsqlRun psql(String connection, String query) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(bin.resolve("psql").toString(), "-X", "-A", "-t", "-v",
                "ON_ERROR_STOP=1", "-c", query, connection + " user=" + USER + " dbname=postgres connect_timeout=10")
                .redirectErrorStream(true);
        // Its output goes to a file, read once it ended: reading the pipe first would wait for a hung psql forever.
        Path output = Files.createTempFile("kvroute-psql-", ".out");
        try {
            Process psql = builder.redirectOutput(output.toFile()).start();
            psql.getOutputStream().close();
            if (!psql.waitFor(PSQL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                psql.destroyForcibly();
                throw new IllegalStateException("psql did not end within " + PSQL_TIMEOUT + ": "
                        + Files.readString(output).strip());
            }
            return new PsqlRun(psql.exitValue(), Files.readString(output, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private void run(List<String> command, Path log) throws IOException, InterruptedException {
        Process step = new ProcessBuilder(asServiceUser(command)).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile())).start();
        if (!step.waitFor(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            step.destroyForcibly();
            throw new IllegalStateException(command.get(0) + " did not end within " + START_TIMEOUT);
        }
        if (step.exitValue() != 0) {
            throw new IllegalStateException(command.get(0) + " exited with " + step.exitValue() + ": "
                    + Files.readString(log).strip());
        }
    }

    private void awaitReady(Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("postgres exited with code " + process.exitValue() + ": "
                        + Files.readString(log).strip());
            }
            if (Files.readString(log).contains("database system is ready to accept connections")) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        throw new IllegalStateException("postgres not ready on port " + port + " within " + START_TIMEOUT + ": "
                + Files.readString(log).strip());
    }

    /** {@code command} as is, or under root run as the {@code postgres} user. */
    private static List<String> asServiceUser(List<String> command) {
        if (!asRoot()) {
            return command;
        }
        List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + SERVICE_USER,
                "--regid=" + SERVICE_USER, "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Gives {@code dir} and what it holds to the {@code postgres} user. */
    private static void handToServiceUser(Path dir) throws IOException {
        UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                Files.setOwner(path, users.lookupPrincipalByName(SERVICE_USER));
            }
        }
    }

    /** Every {@code /usr/lib/postgresql/N/bin}, newest version first. */
    private static List<String> binDirs() throws IOException {
        if (!Files.isDirectory(PACKAGE_DIR)) {
            return List.of();
        }
        try (Stream<Path> versions = Files.list(PACKAGE_DIR)) {
            return versions.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                    .sorted(Comparator.comparingInt((Path dir) -> Integer.parseInt(dir.getFileName().toString()))
                            .reversed())
                    .map(dir -> dir.resolve("bin").toString()).toList();
        }
    }
}
