package ai.katonic.kpc.sim;

import ai.katonic.kpc.engine.LatencyProfile;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A protocol-aware HTTP proxy between kpc and moto_server that makes the emulated cloud behave
 * more like AWS: each request is classified (service, action), passed through the rules (which
 * may answer with a real AWS error shape instead), and otherwise forwarded to moto. Every call
 * is recorded as {@code service:Action}.
 */
public final class SimProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    static {
        // The Host header is signed (SigV4): forwarded unchanged, moto can check the caller's signature
        // when its IAM enforcement is on. Java's HTTP client only sends a given Host when allowed to,
        // and reads this once, when its first client is made.
        if (System.getProperty("jdk.httpclient.allowRestrictedHeaders") == null) {
            System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        }
    }

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI upstream;
    private final List<Behaviour> behaviours = new CopyOnWriteArrayList<>();
    private final LatencyProfile profile;
    private final java.util.Random jitter;
    private final List<AwsCall> calls = new CopyOnWriteArrayList<>();
    private final List<Answered> answers = new CopyOnWriteArrayList<>();

    /** A call and how it was answered: HTTP status and AWS error code (empty on success). */
    public record Answered(AwsCall call, int status, String errorCode) {}

    public SimProxy(String upstreamEndpoint) throws IOException {
        this(upstreamEndpoint, LatencyProfile.instant(), 0);
    }

    /** A proxy whose calls take the profile's per-call latency (scaled), jittered with the seed. */
    public SimProxy(String upstreamEndpoint, LatencyProfile profile, long seed) throws IOException {
        this.profile = profile;
        this.jitter = new java.util.Random(seed);
        this.upstream = URI.create(upstreamEndpoint);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "kpc-sim-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.start();
    }

    /** Adds a behaviour; behaviours see each call in the order they were added. */
    public SimProxy with(Behaviour b) {
        behaviours.add(b);
        return this;
    }

    /** Adds a behaviour that sees each call before all others (IAM decides before anything answers). */
    public SimProxy first(Behaviour b) {
        behaviours.add(0, b);
        return this;
    }

    /** The behaviour of that type this proxy runs, if any. */
    public <T extends Behaviour> Optional<T> find(Class<T> type) {
        return behaviours.stream().filter(type::isInstance).map(type::cast).findFirst();
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every answered call so far, in order. */
    public List<Answered> answers() {
        return new ArrayList<>(answers);
    }

    private static final java.util.regex.Pattern XML_CODE = java.util.regex.Pattern.compile("<Code>([^<]+)</Code>");

    private static String errorCode(Behaviour.Reply r) {
        if (r.ok()) return "";
        for (Map.Entry<String, List<String>> h : r.headers().entrySet()) {
            if (h.getKey().equalsIgnoreCase("x-amzn-ErrorType") && !h.getValue().isEmpty()) return h.getValue().get(0).split(":")[0];
        }
        java.util.regex.Matcher m = XML_CODE.matcher(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : "HTTP " + r.status();
    }

    /** Every call seen so far, in order. */
    public List<AwsCall> calls() {
        return new ArrayList<>(calls);
    }

    /** Forgets the calls seen so far (a test counting one command's calls starts here). */
    public void forgetCalls() {
        calls.clear();
        answers.clear();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            AwsCall call = AwsCall.parse(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestHeaders(), body);
            calls.add(call);
            callLatency();
            Behaviour.Reply reply = null;
            for (Behaviour b : behaviours) {
                Optional<Behaviour.Reply> early = b.before(call);
                if (early.isPresent()) {
                    reply = early.get();
                    break;
                }
            }
            if (reply == null) {
                reply = forward(ex, body);
                for (Behaviour b : behaviours) reply = b.after(call, reply);
            }
            for (Behaviour b : behaviours) b.answered(call, reply);
            final Behaviour.Reply given = reply;
            if (behaviours.stream().anyMatch(b -> b.losesAnswer(call, given))) {
                answers.add(new Answered(call, 0, "AnswerLost"));
                return; // it took effect; closing without the answer: the client sees the connection drop
            }
            answers.add(new Answered(call, reply.reset() ? 0 : reply.status(), reply.reset() ? "ConnectionReset" : errorCode(reply)));
            if (reply.reset()) return; // closing without an answer: the client sees the connection drop
            send(ex, reply, ex.getRequestMethod().equals("HEAD"));
        } catch (IOException e) {
            // A broken exchange is the client's to retry; AWS drops connections too.
        } catch (RuntimeException e) {
            // A bug in a behaviour: say so, rather than pass it off as a network fault.
            System.err.println("kpc sim proxy: internal error on " + ex.getRequestMethod() + " " + ex.getRequestURI() + ": " + e);
        }
    }

    /** AWS answers in 50-200 ms, not instantly; the profile says how long, the time scale shrinks it. */
    private void callLatency() {
        if (profile.callMaxMs() <= 0) return;
        double ms;
        synchronized (jitter) {
            ms = profile.callMinMs() + jitter.nextDouble() * (profile.callMaxMs() - profile.callMinMs());
        }
        long nanos = profile.scaled(ms / 1000.0).toNanos();
        if (nanos <= 0) return;
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Behaviour.Reply forward(HttpExchange ex, byte[] body) throws IOException {
        URI target = upstream.resolve(ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
        HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) vs.forEach(v -> req.header(k, v));
        });
        String host = AwsCall.header(ex.getRequestHeaders(), "Host");
        if (!host.isEmpty()) req.header("Host", host);
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        resp.headers().map().forEach((k, vs) -> {
            if (!HOP_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) headers.put(k, vs);
        });
        return new Behaviour.Reply(resp.statusCode(), headers, resp.body(), false);
    }

    private static void send(HttpExchange ex, Behaviour.Reply reply, boolean head) throws IOException {
        reply.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("content-length")) ex.getResponseHeaders().put(k, v);
        });
        byte[] out = reply.body();
        boolean noBody = head || reply.status() == 204 || reply.status() == 304 || out.length == 0;
        ex.sendResponseHeaders(reply.status(), noBody ? -1 : out.length);
        if (!noBody) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    /** Stops serving, then closes the behaviours that hold something open (API servers, clients). */
    @Override
    public void close() {
        server.stop(0);
        for (Behaviour b : behaviours) {
            if (b instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // shutting down: nothing more to do about a behaviour that fails to close
                }
            }
        }
    }
}
