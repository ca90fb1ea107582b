package ai.katonic.kpc.runtime;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * {@code -v} and {@code --log-file}: one line per AWS call (service:Operation, HTTP status or AWS error
 * code, time) and per Kubernetes request (method, path, status, time), and one per Helm call. Never a
 * body, a header, a query value of AWS or a credential: what is logged is the names of what was asked,
 * so nothing secret can reach the log (HelmReleasesTest scans it with the rest).
 */
public final class CallLog {
    private static final List<PrintWriter> SINKS = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final List<AutoCloseable> OPENED = new ArrayList<>();

    private CallLog() {}

    public static boolean on() {
        return !SINKS.isEmpty();
    }

    /** Logging for one command: to {@code stderr} with -v, to {@code file} (0600, appended) with --log-file. */
    public static synchronized void start(PrintWriter stderr, boolean verbose, Path file) throws IOException {
        stop();
        if (verbose) SINKS.add(stderr);
        if (file != null) {
            if (!Files.exists(file)) {
                Files.createFile(file);
                try {
                    Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException notPosix) {
                    // a file system without modes
                }
            }
            PrintWriter w = new PrintWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND), true);
            SINKS.add(w);
            OPENED.add(w);
        }
    }

    public static synchronized void stop() {
        for (AutoCloseable c : OPENED) {
            try {
                c.close();
            } catch (Exception ignored) {
                // closing a log
            }
        }
        OPENED.clear();
        SINKS.clear();
    }

    public static void line(String kind, String what, String outcome, long nanos) {
        if (SINKS.isEmpty()) return;
        String l = Instant.now() + " " + kind + " " + what + " " + outcome + " " + (nanos / 1_000_000) + "ms";
        for (PrintWriter w : SINKS) {
            synchronized (w) {
                w.println(l);
                w.flush();
            }
        }
    }

    /** The SDK's side: service:Operation and its outcome. */
    public static final class Aws implements ExecutionInterceptor {
        private static final ExecutionAttribute<Long> START = new ExecutionAttribute<>("kpc-call-start");

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            attributes.putAttribute(START, System.nanoTime());
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            line("aws", name(attributes), String.valueOf(context.httpResponse().statusCode()), took(attributes));
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            Throwable e = context.exception();
            String outcome = e instanceof AwsServiceException a && a.awsErrorDetails() != null
                    ? a.statusCode() + " " + a.awsErrorDetails().errorCode() : e.getClass().getSimpleName();
            line("aws", name(attributes), outcome, took(attributes));
        }

        private static String name(ExecutionAttributes a) {
            return String.valueOf(a.getAttribute(SdkExecutionAttribute.SERVICE_NAME)).toLowerCase(java.util.Locale.ROOT) + ":"
                    + a.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        }

        private static long took(ExecutionAttributes a) {
            Long start = a.getAttribute(START);
            return start == null ? 0 : System.nanoTime() - start;
        }
    }

    /** The Kubernetes client's side: method, path (no query), status. */
    public static final class Kube implements io.fabric8.kubernetes.client.http.Interceptor {
        private final Map<io.fabric8.kubernetes.client.http.HttpRequest, Long> started =
                java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

        @Override
        public void before(io.fabric8.kubernetes.client.http.BasicBuilder builder, io.fabric8.kubernetes.client.http.HttpRequest request,
                           RequestTags tags) {
            if (on()) started.put(request, System.nanoTime());
        }

        @Override
        public void after(io.fabric8.kubernetes.client.http.HttpRequest request, io.fabric8.kubernetes.client.http.HttpResponse<?> response,
                          io.fabric8.kubernetes.client.http.AsyncBody.Consumer<List<java.nio.ByteBuffer>> consumer) {
            if (!on()) return;
            Long start = started.remove(request);
            line("k8s", request.method() + " " + request.uri().getPath(), String.valueOf(response.code()),
                    start == null ? 0 : System.nanoTime() - start);
        }

        @Override
        public void afterConnectionFailure(io.fabric8.kubernetes.client.http.HttpRequest request, Throwable failure) {
            if (!on()) return;
            Long start = started.remove(request);
            line("k8s", request.method() + " " + request.uri().getPath(), failure.getClass().getSimpleName(),
                    start == null ? 0 : System.nanoTime() - start);
        }
    }
}
