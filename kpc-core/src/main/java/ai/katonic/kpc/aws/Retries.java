package ai.katonic.kpc.aws;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.AcquireInitialTokenResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RecordSuccessRequest;
import software.amazon.awssdk.retries.api.RecordSuccessResponse;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenResponse;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/**
 * How kpc retries AWS calls: the SDK's standard strategy (jittered exponential backoff, a slower one
 * for throttling), with client-side rate limiting per client, so per service, in the manner of the
 * SDK's adaptive mode ({@link RateLimit}), and two budgets instead of one. Throttling is AWS saying
 * "not now" about a call it did not run, so it gets a long budget ({@link #THROTTLE_ATTEMPTS});
 * errors (5xx, dropped connections, timeouts) get the SDK's usual {@link #ERROR_ATTEMPTS}. Pauses
 * honour kpc's time scale (a rehearsal on the simulator runs AWS's time faster).
 *
 * <p>A create AWS cannot deduplicate (no client token: CreateVpc, CreateKey, CreateRole, ...) is
 * never retried after an error that may have come after AWS made the resource (a dropped connection,
 * a timeout, a 5xx): retrying it blindly would make a second one. The failure goes to the engine,
 * which looks for the resource by its tags before it tries again ({@link AwsErrors#answerMayBeLost}).
 */
public final class Retries implements RetryStrategy {
    public static final int ERROR_ATTEMPTS = 10;
    public static final int THROTTLE_ATTEMPTS = 30;

    /** Request members that make a create idempotent in AWS (a retry gets the first answer). */
    private static final List<String> TOKEN_FIELDS = List.of("ClientToken", "clientRequestToken", "IdempotencyToken",
            "CallerReference");
    /** Operations that make something; without a token a retry after a lost answer makes it twice (or fails). */
    private static final List<String> MAKING = List.of("Create", "Allocate", "Run", "Request", "Associate", "Attach", "Import");

    /** Of those, the ones AWS answers alike when repeated (attaching an attached policy succeeds). */
    private static final java.util.Set<String> REPEATABLE = java.util.Set.of("AttachRolePolicy", "AttachUserPolicy",
            "AssociateAccessPolicy");

    private static final ThreadLocal<Boolean> UNSAFE_TO_REPEAT = ThreadLocal.withInitial(() -> false);

    private final RetryStrategy delegate;
    private final ai.katonic.kpc.runtime.TimeScale scale;
    private final RateLimit limit;

    private Retries(RetryStrategy delegate, ai.katonic.kpc.runtime.TimeScale scale) {
        this.delegate = delegate;
        this.scale = scale;
        this.limit = new RateLimit(scale);
    }

    /** At AWS's own time. */
    public static Retries create() {
        return create(ai.katonic.kpc.runtime.TimeScale.AWS);
    }

    /** Every back-off and the rate limit at the run's {@code scale}. */
    public static Retries create(ai.katonic.kpc.runtime.TimeScale scale) {
        return new Retries(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(ERROR_ATTEMPTS + THROTTLE_ATTEMPTS)
                .circuitBreakerEnabled(false) // no retry quota that would give up on a long install
                .build(), scale);
    }

    /**
     * Client-side rate limiting, the idea of the SDK's adaptive mode: off until AWS first throttles,
     * then {@link #START} calls a second; each throttle cuts the rate by 30 % (not below
     * {@link #MIN}), each success raises it by a quarter call a second, and above {@link #MAX} the
     * limit is off again. Rates are per second of AWS time (scaled in a rehearsal).
     */
    static final class RateLimit {
        static final double START = 20, MIN = 2, MAX = 50;
        private final ai.katonic.kpc.runtime.TimeScale scale;
        private double rate = Double.POSITIVE_INFINITY;
        private long next;

        RateLimit(ai.katonic.kpc.runtime.TimeScale scale) {
            this.scale = scale;
        }

        /** How long the next call waits for its turn. */
        synchronized Duration take() {
            if (Double.isInfinite(rate)) return Duration.ZERO;
            long now = System.nanoTime();
            long start = Math.max(now, next);
            next = start + (long) (1e9 / rate * scale.factor());
            return Duration.ofNanos(start - now);
        }

        synchronized void throttled() {
            rate = Double.isInfinite(rate) ? START : Math.max(MIN, rate * 0.7);
        }

        synchronized void succeeded() {
            if (Double.isInfinite(rate)) return;
            rate += 0.25;
            if (rate > MAX) rate = Double.POSITIVE_INFINITY;
        }

        synchronized double rate() {
            return rate;
        }
    }

    private Duration scaled(Duration d) {
        return scale.of(d);
    }

    /** "throttled by EC2 (RequestLimitExceeded)", "EKS answered 500 (ServiceException)", "no answer from AWS (...)". */
    static String describe(Throwable e, boolean throttled) {
        if (e instanceof AwsServiceException a) {
            String service = a.awsErrorDetails() == null || a.awsErrorDetails().serviceName() == null ? "AWS"
                    : a.awsErrorDetails().serviceName().toUpperCase(java.util.Locale.ROOT);
            String code = ai.katonic.kpc.aws.AwsErrors.code(a);
            return throttled ? "throttled by " + service + " (" + code + ")" : service + " answered " + a.statusCode() + " (" + code + ")";
        }
        return "no answer from AWS (" + ai.katonic.kpc.aws.AwsErrors.why(e) + ")";
    }

    /**
     * Throttling: what the SDK takes for it, a 429, and any 503 from S3. S3's only 503s are SlowDown and
     * ServiceUnavailable, both "reduce your request rate" (S3's error responses reference), and the answer to a
     * HEAD has no body, so the SDK sees no code there and would spend the error budget on it.
     */
    static boolean isThrottling(Throwable e) {
        if (e instanceof AwsServiceException a) {
            boolean s3 = a.awsErrorDetails() != null && "S3".equalsIgnoreCase(a.awsErrorDetails().serviceName());
            return a.isThrottlingException() || a.statusCode() == 429 || (s3 && a.statusCode() == 503);
        }
        return e instanceof SdkServiceException s && (s.isThrottlingException() || s.statusCode() == 429);
    }

    /** Tells the strategy, per call on the calling thread, whether the call may be sent twice. */
    public static final class Classifier implements ExecutionInterceptor {
        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            boolean making = op != null && MAKING.stream().anyMatch(op::startsWith) && !REPEATABLE.contains(op);
            boolean token = TOKEN_FIELDS.stream().anyMatch(f -> context.request().getValueForField(f, Object.class).isPresent());
            UNSAFE_TO_REPEAT.set(making && !token);
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            UNSAFE_TO_REPEAT.set(false);
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
            UNSAFE_TO_REPEAT.set(false);
        }
    }

    /** The delegate's token, with what was spent of each budget. */
    private record Token(RetryToken inner, int errors, int throttles) implements RetryToken {}

    @Override
    public AcquireInitialTokenResponse acquireInitialToken(AcquireInitialTokenRequest request) {
        AcquireInitialTokenResponse r = delegate.acquireInitialToken(request);
        return AcquireInitialTokenResponse.create(new Token(r.token(), 0, 0), scaled(r.delay()).plus(limit.take()));
    }

    @Override
    public RefreshRetryTokenResponse refreshRetryToken(RefreshRetryTokenRequest request) {
        Token t = (Token) request.token();
        Throwable failure = request.failure();
        boolean throttled = isThrottling(failure);
        if (throttled) limit.throttled();
        if (!throttled && UNSAFE_TO_REPEAT.get() && ai.katonic.kpc.aws.AwsErrors.answerMayBeLost(failure)) {
            throw new TokenAcquisitionFailedException("not repeating a create AWS cannot deduplicate", t, failure);
        }
        int errors = t.errors() + (throttled ? 0 : 1);
        int throttles = t.throttles() + (throttled ? 1 : 0);
        if (errors >= ERROR_ATTEMPTS || throttles >= THROTTLE_ATTEMPTS) {
            throw new TokenAcquisitionFailedException("retries exhausted: " + errors + " errors, " + throttles
                    + " throttled", t, failure);
        }
        RefreshRetryTokenResponse r;
        try {
            r = delegate.refreshRetryToken(request.toBuilder().token(t.inner()).build());
        } catch (TokenAcquisitionFailedException e) {
            throw new TokenAcquisitionFailedException(e.getMessage(), t, failure);
        }
        Duration wait = scaled(r.delay()).plus(limit.take());
        // Said on the step's progress when it is worth a line: not every quick retry, but a wait a
        // person would notice (a second or more of AWS time) or a third attempt.
        if (r.delay().compareTo(Duration.ofSeconds(1)) >= 0 || errors + throttles >= 3) {
            ai.katonic.kpc.runtime.StepNotes.say(describe(failure, throttled) + ", retry "
                    + (throttled ? throttles + " of " + (THROTTLE_ATTEMPTS - 1) : errors + " of " + (ERROR_ATTEMPTS - 1))
                    + " in " + ai.katonic.kpc.runtime.StepNotes.format(r.delay()));
        }
        return RefreshRetryTokenResponse.create(new Token(r.token(), errors, throttles), wait);
    }

    @Override
    public RecordSuccessResponse recordSuccess(RecordSuccessRequest request) {
        Token t = (Token) request.token();
        delegate.recordSuccess(RecordSuccessRequest.create(t.inner()));
        limit.succeeded();
        return RecordSuccessResponse.create(t);
    }

    @Override
    public int maxAttempts() {
        return delegate.maxAttempts();
    }

    @Override
    public boolean useClientDefaults() {
        return false;
    }

    @Override
    public Builder toBuilder() {
        return new Builder(delegate.toBuilder(), scale);
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** The delegate's builder; what it builds is wrapped again. */
    public static final class Builder implements RetryStrategy.Builder<Builder, Retries> {
        @SuppressWarnings("rawtypes")
        private final RetryStrategy.Builder inner;
        private final ai.katonic.kpc.runtime.TimeScale scale;

        @SuppressWarnings("rawtypes")
        Builder(RetryStrategy.Builder inner, ai.katonic.kpc.runtime.TimeScale scale) {
            this.inner = inner;
            this.scale = scale;
        }

        @Override
        public Builder retryOnException(Predicate<Throwable> p) {
            inner.retryOnException(p);
            return this;
        }

        @Override
        public Builder maxAttempts(int n) {
            inner.maxAttempts(n);
            return this;
        }

        @Override
        public Builder backoffStrategy(BackoffStrategy b) {
            inner.backoffStrategy(b);
            return this;
        }

        @Override
        public Builder throttlingBackoffStrategy(BackoffStrategy b) {
            inner.throttlingBackoffStrategy(b);
            return this;
        }

        @Override
        public Builder treatAsThrottling(Predicate<Throwable> p) {
            inner.treatAsThrottling(p);
            return this;
        }

        @Override
        public Retries build() {
            return new Retries((RetryStrategy) inner.build(), scale);
        }
    }
}
