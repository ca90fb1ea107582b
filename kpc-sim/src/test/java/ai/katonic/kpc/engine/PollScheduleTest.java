package ai.katonic.kpc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The wait schedule drawn from the latency model, walked on a clock of its own (no sleeping). */
class PollScheduleTest {
    /** Looks (the first at once) until the resource is ready at {@code readyMs}; returns {looks, lag ms}. */
    private static long[] wait(long expectedMs, long readyMs, long floorMs) {
        long t = 0;
        long looks = 0;
        while (true) {
            looks++;
            if (t >= readyMs) return new long[] {looks, t - readyMs};
            t += Poll.nextDelay(t, expectedMs, floorMs);
        }
    }

    @Test
    void aWaitThatEndsWhenTheModelSaysCostsAboutTwentyLooksAndIsNoticedWithinOnePercent() {
        for (long expected : new long[] {60_000, 180_000, 600_000}) {
            long[] r = wait(expected, expected, 1_000);
            assertThat(r[0]).as("looks for a wait of %d ms", expected).isBetween(4L, 25L);
            assertThat(r[1]).as("lag for a wait of %d ms", expected).isLessThanOrEqualTo(Math.max(1_000, expected / 100));
        }
    }

    @Test
    void anEarlyResourceWaitsAtMostUntilTheNextOfTheFewLooksBeforeTheExpectedTime() {
        long[] early = wait(600_000, 100_000, 1_000);
        assertThat(early[0]).isEqualTo(2); // at once, then at half the expected time
        assertThat(early[1]).isEqualTo(200_000);
    }

    @Test
    void aLateResourceIsLookedAtLessAndLessOftenButAtLeastEveryTenthOfTheExpectedTime() {
        long expected = 180_000;
        long[] late = wait(expected, 3 * expected, 1_000);
        assertThat(late[0]).isLessThan(60);
        assertThat(late[1]).isLessThanOrEqualTo(expected / 10);
        assertThat(Poll.nextDelay(10 * expected, expected, 1_000)).isEqualTo(expected / 10);
    }

    @Test
    void neverMoreOftenThanTheFloor() {
        assertThat(Poll.nextDelay(5_900, 6_000, 1_000)).isEqualTo(1_000);
        assertThat(Poll.nextDelay(0, 0, 1)).isEqualTo(1);
    }
}
