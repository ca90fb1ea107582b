package ai.katonic.kpc.sim;

import ai.katonic.kpc.errors.KpcException;
import java.io.File;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A moto_server (the AWS emulator) on a free loopback port, for the demo, the simulator and the
 * tests. AWS managed policies are loaded (kpc attaches them) and request recording is on, so a
 * test can see every call kpc made.
 *
 * <p>With the system property {@code kpc.motoReuse=true} (the test JVMs set it) a closed server is
 * not stopped but emptied ({@code /moto-api/reset}: every backend as new; auth enforcement off;
 * the recording emptied) and kept for this JVM's next start: Python's start of moto costs about
 * 1.5 s of CPU, and the end-to-end suite starts a few hundred. The kept ones stop with the JVM.
 */
public final class MotoServer implements AutoCloseable {
    private static final Map<Boolean, java.util.Deque<MotoServer>> IDLE = new java.util.HashMap<>();
    private static final int KEPT_PER_KIND = 2;

    private final Process process;
    private final int port;
    private final Path recording;
    private final boolean record;
    private final Path log;

    private MotoServer(Process process, int port, Path recording, boolean record, Path log) {
        this.process = process;
        this.port = port;
        this.recording = recording;
        this.record = record;
        this.log = log;
    }

    /** What moto_server wrote (its warnings and errors: kpc's sitecustomize leaves the access log out). */
    public Path log() {
        return log;
    }

    private static boolean reuse() {
        return Boolean.getBoolean("kpc.motoReuse");
    }

    /** A kept server of this kind, emptied; null when none is kept (or none could be emptied). */
    private static MotoServer idle(boolean record) {
        while (true) {
            MotoServer m;
            synchronized (IDLE) {
                java.util.Deque<MotoServer> kept = IDLE.get(record);
                m = kept == null ? null : kept.poll();
            }
            if (m == null) return null;
            if (m.process.isAlive() && m.emptied()) return m;
            m.stop();
        }
    }

    /** moto as a new one would be: every backend reset, auth enforcement off, the recording emptied. */
    private boolean emptied() {
        try {
            boolean ok = post("/moto-api/reset", "") && post("/moto-api/reset-auth", "inf");
            if (ok && record) ok = post("/moto-api/recorder/reset-recording", "");
            return ok;
        } catch (IOException e) {
            return false;
        }
    }

    private boolean post(String path, String body) throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + path).toURL().openConnection();
        c.setConnectTimeout(2000);
        c.setReadTimeout(30_000);
        c.setRequestMethod("POST");
        // moto reads the raw body (request.data), which a form's content type would leave empty
        c.setRequestProperty("Content-Type", "text/plain");
        c.setDoOutput(true);
        c.getOutputStream().write(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        int code = c.getResponseCode();
        c.getInputStream().readAllBytes();
        return code == 200;
    }

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            synchronized (IDLE) {
                IDLE.values().forEach(kept -> kept.forEach(MotoServer::stop));
                IDLE.clear();
            }
        }, "moto-stop"));
    }

    /** A moto_server that records every request (read back with {@link #recording()}). */
    public static MotoServer start() {
        return start(true);
    }

    /**
     * {@code record}: whether moto writes every request to its recording file. The simulator does
     * not need it (its proxy logs calls) and moto is the bottleneck of a simulated run.
     */
    public static MotoServer start(boolean record) {
        if (reuse()) {
            MotoServer kept = idle(record);
            if (kept != null) return kept;
        }
        String exe = find();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort();
            try {
                Path log = Files.createTempFile("kpc-moto", ".log");
                Path recording = Files.createTempFile("kpc-moto", ".recording");
                ProcessBuilder pb = new ProcessBuilder(exe, "-H", "127.0.0.1", "-p", String.valueOf(port));
                Map<String, String> env = pb.environment();
                env.put("MOTO_IAM_LOAD_MANAGED_POLICIES", "true");
                if (record) env.put("MOTO_ENABLE_RECORDING", "True");
                String site = site();
                env.merge("PYTHONPATH", site, (was, mine) -> mine + File.pathSeparator + was);
                env.put("MOTO_RECORDER_FILEPATH", recording.toString());
                pb.redirectErrorStream(true).redirectOutput(log.toFile());
                Process p = pb.start();
                MotoServer m = new MotoServer(p, port, recording, record, log);
                if (m.awaitReady(Duration.ofSeconds(30))) return m;
                p.destroyForcibly();
                last = new IOException("moto_server did not answer on port " + port + "; its log: " + log);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new KpcException.OperationFailed("cannot start moto_server: " + (last == null ? "unknown" : last.getMessage()));
    }

    private static Path site;

    /**
     * A directory with kpc's {@code sitecustomize.py} for moto's Python (first on its PYTHONPATH): what moto redoes
     * on every request (its package listed, botocore's data parsed, its classes' methods listed, error tables built)
     * made once, the access log left out; what moto answers is unchanged.
     */
    static synchronized String site() throws IOException {
        if (site == null) {
            Path dir = Files.createTempDirectory("kpc-moto-site");
            try (var in = MotoServer.class.getResourceAsStream("moto/sitecustomize.py")) {
                if (in == null) throw new IOException("sitecustomize.py is missing from kpc-sim's resources");
                Files.copy(in, dir.resolve("sitecustomize.py"));
            }
            dir.toFile().deleteOnExit();
            dir.resolve("sitecustomize.py").toFile().deleteOnExit();
            site = dir;
        }
        return site.toString();
    }

    /** moto_server from $KPC_MOTO_SERVER, the PATH, or pyenv's shims. */
    static String find() {
        String env = System.getenv("KPC_MOTO_SERVER");
        if (env != null && !env.isBlank()) return env;
        List<String> dirs = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)));
        dirs.add(System.getProperty("user.home") + "/.pyenv/shims");
        for (String d : dirs) {
            Path p = Path.of(d.isEmpty() ? "." : d, "moto_server");
            if (Files.isExecutable(p)) return p.toString();
        }
        throw new KpcException.OperationFailed("moto_server (the local AWS emulator) is not installed; "
                + "install it with: pip install 'moto[server]==5.2.1'");
    }

    private boolean awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) return false;
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create(endpoint() + "/moto-api/").toURL().openConnection();
                c.setConnectTimeout(500);
                c.setReadTimeout(2000);
                if (c.getResponseCode() > 0) return true;
            } catch (IOException notYet) {
                // still starting
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new KpcException.OperationFailed("no free loopback port: " + e.getMessage());
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** The file moto appends every request to (one JSON object per line). */
    public Path recording() {
        return recording;
    }

    @Override
    public void close() {
        if (reuse() && process.isAlive()) {
            synchronized (IDLE) {
                java.util.Deque<MotoServer> kept = IDLE.computeIfAbsent(record, k -> new java.util.ArrayDeque<>());
                if (kept.size() < KEPT_PER_KIND) {
                    kept.push(this);
                    return;
                }
            }
        }
        stop();
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        // its log and recording go with it (a moto that never answered keeps its log: the error names it)
        for (Path f : List.of(log, recording)) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                // a temporary file the system's cleaning removes in time
            }
        }
    }
}
