package ai.katonic.kpc.sim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Injected failures at given rates, seeded so a run can be repeated: throttling with each
 * service's real error code and status, 5xx InternalError, and dropped connections, all before
 * moto sees the call (a refused call never took effect); and lost answers ({@code lost=R}, or
 * {@code lost=first}: the first answer of every kind of create): the call takes effect, then the
 * connection drops before its answer arrives, as a timeout or a reset after AWS committed does.
 */
public final class Faults implements Behaviour {
    private final double throttle;
    private final double serverError;
    private final double reset;
    private final double lost;
    private final boolean loseFirstOfEach;
    private final Random random;
    private final AtomicLong injected = new AtomicLong();
    private final java.util.Set<String> lostOnce = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.List<String> lostAnswers = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Faults(double throttle, double serverError, double reset, long seed) {
        this(throttle, serverError, reset, 0, false, seed);
    }

    public Faults(double throttle, double serverError, double reset, double lost, boolean loseFirstOfEach, long seed) {
        this.throttle = throttle;
        this.serverError = serverError;
        this.reset = reset;
        this.lost = lost;
        this.loseFirstOfEach = loseFirstOfEach;
        this.random = new Random(seed);
    }

    /** Parses {@code throttle=0.2,5xx=0.05,reset=0.01,lost=0.02} ({@code lost=first}: the first answer of each create lost). */
    public static Faults parse(String spec, long seed) {
        Map<String, Double> rates = new LinkedHashMap<>();
        boolean first = false;
        if (spec != null && !spec.isBlank()) {
            for (String part : spec.split(",")) {
                String[] kv = part.trim().split("=");
                if (kv.length != 2 || !List.of("throttle", "5xx", "reset", "lost").contains(kv[0])) {
                    throw new IllegalArgumentException("--faults takes throttle=R,5xx=R,reset=R,lost=R (or lost=first) with rates 0..1, got '"
                            + part + "'");
                }
                if (kv[0].equals("lost") && kv[1].equals("first")) {
                    first = true;
                    continue;
                }
                double r;
                try {
                    r = Double.parseDouble(kv[1]);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("fault rate " + kv[0] + " must be a number 0..1, got '" + kv[1] + "'");
                }
                if (r < 0 || r > 1) throw new IllegalArgumentException("fault rate " + kv[0] + " must be 0..1, got " + r);
                rates.put(kv[0], r);
            }
        }
        return new Faults(rates.getOrDefault("throttle", 0.0), rates.getOrDefault("5xx", 0.0),
                rates.getOrDefault("reset", 0.0), rates.getOrDefault("lost", 0.0), first, seed);
    }

    /** The calls whose answers were lost after they took effect, as {@code service:Action}, in order. */
    public List<String> lostAnswers() {
        return List.copyOf(lostAnswers);
    }

    /** Calls that change something (the ones whose lost answer matters): not Describe/List/Get/Head. */
    static boolean changes(AwsCall call) {
        String a = call.iamAction();
        String name = a.substring(a.indexOf(':') + 1);
        return !(name.startsWith("Describe") || name.startsWith("List") || name.startsWith("Get") || name.startsWith("Head")
                || name.startsWith("Simulate") || name.equals("AssumeRoleWithWebIdentity"));
    }

    /** Calls that make something: the first answer of each is lost with {@code lost=first}. */
    static boolean makes(AwsCall call) {
        String a = call.iamAction();
        String name = a.substring(a.indexOf(':') + 1);
        return List.of("Create", "Allocate", "Run", "Request", "Associate", "Attach", "Put", "Import").stream().anyMatch(name::startsWith);
    }

    @Override
    public boolean losesAnswer(AwsCall call, Reply reply) {
        if (!reply.ok() || reply.reset() || !changes(call)) return false;
        boolean lose;
        if (loseFirstOfEach) {
            lose = makes(call) && lostOnce.add(call.iamAction());
        } else {
            if (lost <= 0) return false;
            synchronized (random) {
                lose = random.nextDouble() < lost;
            }
        }
        if (lose) {
            injected.incrementAndGet();
            lostAnswers.add(call.iamAction());
        }
        return lose;
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
