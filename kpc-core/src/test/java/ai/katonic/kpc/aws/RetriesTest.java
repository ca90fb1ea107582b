package ai.katonic.kpc.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.retries.api.AcquireInitialTokenRequest;
import software.amazon.awssdk.retries.api.RefreshRetryTokenRequest;
import software.amazon.awssdk.retries.api.RetryToken;
import software.amazon.awssdk.retries.api.TokenAcquisitionFailedException;

/** kpc's retry budgets and its rate limit, driven as the SDK drives a strategy (no calls made). */
class RetriesTest {
    private static final AwsServiceException THROTTLED = AwsServiceException.builder().statusCode(400)
            .awsErrorDetails(AwsErrorDetails.builder().errorCode("Throttling").errorMessage("Rate exceeded").build()).build();
    private static final SdkClientException RESET = SdkClientException.builder().message("reset")
            .cause(new IOException("Connection reset")).build();

    /** How many retries the strategy grants for this failure repeated, before it gives up. */
    private static int retriesGranted(Retries r, Throwable failure) {
        RetryToken token = r.acquireInitialToken(AcquireInitialTokenRequest.create("test")).token();
        int granted = 0;
        try {
            while (granted < 100) {
                token = r.refreshRetryToken(RefreshRetryTokenRequest.builder().token(token).failure(failure).build()).token();
                granted++;
            }
        } catch (TokenAcquisitionFailedException e) {
            return granted;
        }
        return granted;
    }

    @Test
    void throttlingGetsALongerBudgetThanErrors() {
        assertThat(retriesGranted(Retries.create(), THROTTLED)).isEqualTo(Retries.THROTTLE_ATTEMPTS - 1);
        assertThat(retriesGranted(Retries.create(), RESET)).isEqualTo(Retries.ERROR_ATTEMPTS - 1);
    }

    @Test
    void s3sCodelessSlowDownIsThrottlingElsewhereA503IsAnError() {
        // S3 answers a HEAD with no body: the SDK sees only the status (as FaultStormTest's storm showed, ten 503s in a row).
        AwsServiceException s3 = AwsServiceException.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("S3").build()).build();
        AwsServiceException ec2 = AwsServiceException.builder().statusCode(503)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName("Ec2").errorCode("Unavailable").build()).build();
        assertThat(retriesGranted(Retries.create(), s3)).isEqualTo(Retries.THROTTLE_ATTEMPTS - 1);
        assertThat(retriesGranted(Retries.create(), ec2)).isEqualTo(Retries.ERROR_ATTEMPTS - 1);
    }

    @Test
    void aRefusalThatIsNeitherIsNotRetried() {
        AwsServiceException invalid = AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InvalidParameterValue").build()).build();
        assertThat(retriesGranted(Retries.create(), invalid)).isZero();
    }

    @Test
    void theRateLimitStartsAtTheFirstThrottleShrinksWithEachAndRecoversWithSuccesses() {
        Retries.RateLimit limit = new Retries.RateLimit(ai.katonic.kpc.runtime.TimeScale.AWS);
        assertThat(limit.rate()).isInfinite();
        assertThat(limit.take()).isZero();
        limit.throttled();
        assertThat(limit.rate()).isEqualTo(Retries.RateLimit.START);
        for (int i = 0; i < 50; i++) limit.throttled();
        assertThat(limit.rate()).isEqualTo(Retries.RateLimit.MIN);
        limit.take();
        assertThat(limit.take().toMillis()).as("the second call waits its turn at %s a second", Retries.RateLimit.MIN)
                .isBetween(400L, 500L);
        for (int i = 0; i < 400 && !Double.isInfinite(limit.rate()); i++) limit.succeeded();
        assertThat(limit.rate()).isInfinite();
    }

    @Test
    void theStrategyComesBackFromItsBuilder() {
        assertThat(Retries.create().toBuilder().maxAttempts(5).build()).isInstanceOf(Retries.class);
        assertThatThrownBy(() -> Retries.create().refreshRetryToken(RefreshRetryTokenRequest.builder()
                .token(Retries.create().acquireInitialToken(AcquireInitialTokenRequest.create("x")).token())
                .failure(new IllegalStateException("not AWS")).build())).isInstanceOf(TokenAcquisitionFailedException.class);
    }
}
