package ai.katonic.kpc.sim;

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
    /** A rule sees each call first; a present answer is returned to kpc instead of moto's. */
    @FunctionalInterface
    public interface Rule {
        Optional<AwsError> apply(AwsCall call);
    }

    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "keep-alive", "date");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI upstream;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<AwsCall> calls = new CopyOnWriteArrayList<>();

    public SimProxy(String upstreamEndpoint) throws IOException {
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

    public SimProxy rule(Rule rule) {
        rules.add(rule);
        return this;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Every call seen so far, in order. */
    public List<AwsCall> calls() {
        return new ArrayList<>(calls);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            AwsCall call = AwsCall.parse(ex.getRequestMethod(), ex.getRequestURI(), ex.getRequestHeaders(), body);
            calls.add(call);
            for (Rule rule : rules) {
                Optional<AwsError> err = rule.apply(call);
                if (err.isPresent()) {
                    send(ex, err.get().render(call.protocol()));
                    return;
                }
            }
            forward(ex, body);
        } catch (IOException | RuntimeException e) {
            // A broken exchange is the client's to retry; AWS drops connections too.
        }
    }

    private void forward(HttpExchange ex, byte[] body) throws IOException {
        URI target = upstream.resolve(ex.getRequestURI().getRawPath()
                + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery()));
        HttpRequest.Builder req = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
                .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, vs) -> {
            if (!HOP_HEADERS.contains(k.toLowerCase())) vs.forEach(v -> req.header(k, v));
        });
        HttpResponse<byte[]> resp;
        try {
            resp = client.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        resp.headers().map().forEach((k, vs) -> {
            if (!HOP_HEADERS.contains(k.toLowerCase()) && !k.startsWith(":")) ex.getResponseHeaders().put(k, vs);
        });
        byte[] out = resp.body();
        boolean noBody = ex.getRequestMethod().equals("HEAD") || resp.statusCode() == 204 || resp.statusCode() == 304;
        ex.sendResponseHeaders(resp.statusCode(), noBody ? -1 : out.length == 0 ? -1 : out.length);
        if (!noBody && out.length > 0) {
            try (OutputStream os = ex.getResponseBody()) {
                os.write(out);
            }
        }
    }

    private static void send(HttpExchange ex, AwsError.Wire wire) throws IOException {
        for (Map.Entry<String, String> h : wire.headers().entrySet()) ex.getResponseHeaders().set(h.getKey(), h.getValue());
        ex.sendResponseHeaders(wire.status(), wire.body().length);
        try (OutputStream os = ex.getResponseBody()) {
            os.write(wire.body());
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
