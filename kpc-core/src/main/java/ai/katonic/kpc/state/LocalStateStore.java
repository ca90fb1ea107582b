package ai.katonic.kpc.state;

import ai.katonic.kpc.errors.KpcException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Properties;

/**
 * State in {@code .kpc/<region>/<cluster>/state.json} beside the config: mode 0600, written to a temp file,
 * fsynced and renamed over the old one, so a kill at any moment leaves either the old or the new
 * state, never half of one. A lock file (created exclusively) keeps two runs apart.
 */
public final class LocalStateStore implements StateStore {
    private final Path dir;
    private final Path file;
    private final Path lockFile;
    private final String clusterName;
    private final String region;

    public LocalStateStore(Path dir, String clusterName, String region) {
        this.dir = dir;
        this.file = dir.resolve("state.json");
        this.lockFile = dir.resolve("lock");
        this.clusterName = clusterName;
        this.region = region;
    }

    @Override
    public Path localDir() {
        return dir;
    }

    @Override
    public State load() {
        State state;
        try {
            state = StateJson.read(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return new State(clusterName, region);
        } catch (IOException e) {
            throw new KpcException.OperationFailed("cannot read state " + file + ": " + e.getMessage()
                    + "; recover it with `kpc state pull --force` (the copy in the backup bucket), or move it aside "
                    + "(kpc never overwrites unreadable state)");
        }
        state.requireFor(file.toString(), clusterName, region);
        return state;
    }

    @Override
    public synchronized void save(State state) {
        byte[] bytes = StateJson.write(state);
        try {
            ensureDir();
            Path tmp = Files.createTempFile(dir, "state", ".tmp", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true); // make the rename itself durable
            } catch (IOException ignored) {
                // some file systems cannot fsync a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write state " + file, e);
        }
    }

    @Override
    public Lock lock(String operation) {
        try {
            ensureDir();
            Properties me = new Properties();
            me.setProperty("pid", String.valueOf(ProcessHandle.current().pid()));
            me.setProperty("host", host());
            me.setProperty("operation", operation);
            me.setProperty("since", Instant.now().toString());
            for (int attempt = 0; attempt < 2; attempt++) {
                try {
                    Files.writeString(lockFile, toText(me), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
                    return () -> {
                        try {
                            Files.deleteIfExists(lockFile);
                        } catch (IOException ignored) {
                            // a lock file left behind is detected as stale by the next run
                        }
                    };
                } catch (FileAlreadyExistsException e) {
                    Properties holder = new Properties();
                    try {
                        holder.load(new java.io.StringReader(Files.readString(lockFile)));
                    } catch (NoSuchFileException gone) {
                        continue;
                    }
                    if (isStale(holder)) {
                        // The holder was killed (kill -9 leaves its lock behind): take over.
                        Files.deleteIfExists(lockFile);
                        continue;
                    }
                    throw new KpcException.LockHeld("state of " + clusterName + " is locked by another run: "
                            + holder.getProperty("operation", "?") + " (pid " + holder.getProperty("pid", "?") + " on "
                            + holder.getProperty("host", "?") + ") since " + holder.getProperty("since", "?")
                            + "; wait for it to finish, or remove " + lockFile + " if that run is gone");
                }
            }
            throw new KpcException.LockHeld("could not take the lock " + lockFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + lockFile, e);
        }
    }

    private static boolean isStale(Properties holder) {
        if (!host().equals(holder.getProperty("host"))) return false; // cannot see other hosts' processes
        try {
            long pid = Long.parseLong(holder.getProperty("pid", ""));
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void ensureDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        }
    }

    private static String toText(Properties p) {
        StringBuilder sb = new StringBuilder();
        for (String k : new String[] {"pid", "host", "operation", "since"}) sb.append(k).append('=').append(p.getProperty(k)).append('\n');
        return sb.toString();
    }

    /** The host name without a DNS lookup (/etc/hostname, then $HOSTNAME). */
    private static String host() {
        try {
            String h = Files.readString(Path.of("/etc/hostname")).strip();
            if (!h.isEmpty()) return h;
        } catch (IOException ignored) {
            // not Linux: fall through
        }
        String env = System.getenv("HOSTNAME");
        return env == null || env.isBlank() ? "localhost" : env;
    }
}
