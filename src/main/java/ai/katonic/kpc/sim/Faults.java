package ai.katonic.kpc.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injected failures at given rates, seeded so a run can be repeated: throttling with each
 * service's real error code and status, 5xx InternalError, and dropped connections. Faults are
 * injected before moto sees the call, so a refused call never took effect.
 */
public final class Faults implements Behaviour {
    private final double throttle;
    private final double serverError;
    private final double reset;
    private final Random random;
    private final AtomicLong injected = new AtomicLong();

    public Faults(double throttle, double serverError, double reset, long seed) {
        this.throttle = throttle;
        this.serverError = serverError;
        this.reset = reset;
        this.random = new Random(seed);
    }

    /** Parses {@code throttle=0.2,5xx=0.05,reset=0.01}. */
    public static Faults parse(String spec, long seed) {
        Map<String, Double> rates = new LinkedHashMap<>();
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                String[] kv = part.trim().split("=");
                if (kv.length != 2 || !List.of("throttle", "5xx", "reset").contains(kv[0])) {
                    throw new IllegalArgumentException("--faults takes throttle=R,5xx=R,reset=R with rates 0..1, got '" + part + "'");
                }
                double r = Double.parseDouble(kv[1]);
                if (r < 0 || r > 1) throw new IllegalArgumentException("fault rate " + kv[0] + " must be 0..1, got " + r);
                rates.put(kv[0], r);
            }
        }
        return new Faults(rates.getOrDefault("throttle", 0.0), rates.getOrDefault("5xx", 0.0),
                rates.getOrDefault("reset", 0.0), seed);
    }

    public long injected() {
        return injected.get();
    }

    @Override
    public Optional<Reply> before(AwsCall call) {
        double roll;
        synchronized (random) {
            roll = random.nextDouble();
        }
        if (roll < throttle) {
            injected.incrementAndGet();
            return Optional.of(Reply.of(throttling(call.service()).render(call.protocol())));
        }
        if (roll < throttle + serverError) {
            injected.incrementAndGet();
            String code = call.protocol() == AwsCall.Protocol.REST_JSON ? "ServiceException" : "InternalError";
            return Optional.of(Reply.of(new AwsError(500, code, "We encountered an internal error. Please try again.")
                    .render(call.protocol())));
        }
        if (roll < throttle + serverError + reset) {
            injected.incrementAndGet();
            return Optional.of(new Reply(0, Map.of(), new byte[0], true));
        }
        return Optional.empty();
    }

    /** What each service really answers when it throttles. */
    static AwsError throttling(String service) {
        return switch (service) {
            case "ec2" -> new AwsError(503, "RequestLimitExceeded", "Request limit exceeded.");
            case "iam", "sts" -> new AwsError(400, "Throttling", "Rate exceeded");
            case "eks", "elasticfilesystem" -> new AwsError(429, "ThrottlingException", "Rate exceeded");
            case "s3" -> new AwsError(503, "SlowDown", "Please reduce your request rate.");
            default -> new AwsError(400, "ThrottlingException", "Rate exceeded");
        };
    }
}
