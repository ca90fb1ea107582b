package ai.katonic.kpc.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.errors.KpcException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @AfterEach
    void clear() {
        System.clearProperty("kpc.timeScale");
        Cancel.reset();
    }

    @Test
    void pausesGrowUpToTheCap() {
        System.setProperty("kpc.timeScale", "0.001"); // 500 ms of AWS time is half a millisecond here
        Backoff b = Backoff.of(Duration.ofMillis(2_000), 2, Duration.ofMillis(10_000), Duration.ofMinutes(10));
        assertThat(b.nextPause()).isEqualTo(Duration.ofMillis(2));
        long[] seen = new long[5];
        for (int i = 0; i < seen.length; i++) {
            assertThat(b.pause()).isTrue();
            seen[i] = b.nextPause().toNanos();
        }
        assertThat(seen).containsExactly(4_000_000, 8_000_000, 10_000_000, 10_000_000, 10_000_000);
    }

    @Test
    void theTimeScaleShrinksEveryPauseAndTheBudget() {
        System.setProperty("kpc.timeScale", "0.01");
        Backoff b = Backoff.every(Duration.ofSeconds(5), Duration.ofMinutes(3));
        assertThat(b.nextPause()).isEqualTo(Duration.ofMillis(50));
        System.clearProperty("kpc.timeScale");
        assertThat(Backoff.every(Duration.ofSeconds(5), Duration.ofMinutes(3)).nextPause()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSpentBudgetWaitsNoMore() {
        Backoff b = Backoff.every(Duration.ofHours(1), Duration.ZERO);
        assertThat(b.spent()).isTrue();
        assertThat(b.pause()).isFalse(); // returns at once: the test would hang an hour otherwise
    }

    @Test
    void aStopAskedForEndsTheWait() {
        Backoff b = Backoff.every(Duration.ofHours(1), Duration.ofHours(2));
        Cancel.request();
        assertThatThrownBy(b::pause).isInstanceOf(KpcException.OperationFailed.class).hasMessageContaining("interrupted");
    }
}
