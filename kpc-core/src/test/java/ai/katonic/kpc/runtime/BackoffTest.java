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
        Cancel.reset();
    }

    @Test
    void pausesGrowUpToTheCap() {
        // 2 s of AWS time is 2 ms here
        Backoff b = new TimeScale(0.001).backoff(Duration.ofMillis(2_000), 2, Duration.ofMillis(10_000), Duration.ofMinutes(10));
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
        Backoff b = new TimeScale(0.01).every(Duration.ofSeconds(5), Duration.ofMinutes(3));
        assertThat(b.nextPause()).isEqualTo(Duration.ofMillis(50));
        assertThat(TimeScale.AWS.every(Duration.ofSeconds(5), Duration.ofMinutes(3)).nextPause()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aTimeScaleIsReadFromItsTextAndAnythingElseIsAwsTime() {
        assertThat(TimeScale.parse("0.01")).isEqualTo(new TimeScale(0.01));
        assertThat(TimeScale.parse(null)).isEqualTo(TimeScale.AWS);
        assertThat(TimeScale.parse("fast")).isEqualTo(TimeScale.AWS);
        assertThat(TimeScale.parse("0")).isEqualTo(TimeScale.AWS);
        assertThat(TimeScale.parse("2")).isEqualTo(TimeScale.AWS); // never slower than AWS
        assertThatThrownBy(() -> new TimeScale(0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(Overrides.from(n -> n.equals("timeScale") ? "0.001" : null).timeScale()).isEqualTo(new TimeScale(0.001));
        assertThat(Overrides.NONE.timeScale()).isEqualTo(TimeScale.AWS);
    }

    @Test
    void aSpentBudgetWaitsNoMore() {
        Backoff b = TimeScale.AWS.every(Duration.ofHours(1), Duration.ZERO);
        assertThat(b.spent()).isTrue();
        assertThat(b.pause()).isFalse(); // returns at once: the test would hang an hour otherwise
    }

    @Test
    void aStopAskedForEndsTheWait() {
        Backoff b = TimeScale.AWS.every(Duration.ofHours(1), Duration.ofHours(2));
        Cancel.request();
        assertThatThrownBy(b::pause).isInstanceOf(KpcException.OperationFailed.class).hasMessageContaining("interrupted");
    }
}
