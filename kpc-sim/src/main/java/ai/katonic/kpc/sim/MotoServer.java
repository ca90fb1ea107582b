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
 */
public final class MotoServer implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path recording;

    private MotoServer(Process process, int port, Path recording) {
        this.process = process;
        this.port = port;
        this.recording = recording;
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
                env.put("MOTO_RECORDER_FILEPATH", recording.toString());
                pb.redirectErrorStream(true).redirectOutput(log.toFile());
                Process p = pb.start();
                MotoServer m = new MotoServer(p, port, recording);
                if (m.awaitReady(Duration.ofSeconds(30))) return m;
                p.destroyForcibly();
                last = new IOException("moto_server did not answer on port " + port + "; its log: " + log);
            } catch (IOException e) {
                last = e;
            }
        }
        throw new KpcException.OperationFailed("cannot start moto_server: " + (last == null ? "unknown" : last.getMessage()));
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
        process.destroy();
        try {
            if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
