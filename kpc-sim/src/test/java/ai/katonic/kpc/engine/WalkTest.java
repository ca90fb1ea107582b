package ai.katonic.kpc.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WalkTest {
    // a → b → d, a → c, e independent; x fails
    static final Map<String, List<String>> DEPS = Map.of(
            "a", List.of(), "b", List.of("a"), "c", List.of("a"), "d", List.of("b"), "e", List.of());

    static List<String> successors(String id) {
        List<String> out = new ArrayList<>();
        DEPS.forEach((k, v) -> { if (v.contains(id)) out.add(k); });
        return out;
    }

    @Test
    void ofTheReadyStepsTheOneWithMoreLeftBehindItStartsFirst() {
        // One at a time: e and a are ready together; e has the higher priority, then c over b (given after it).
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        Map<String, Double> priority = Map.of("a", 1.0, "b", 2.0, "c", 3.0, "d", 0.5, "e", 9.0);
        Walk.run(List.of("a", "b", "c", "d", "e"), DEPS::get, WalkTest::successors, 1, id -> {
            order.add(id);
            return "done";
        }, r -> { }, priority::get);
        assertThat(order).containsExactly("e", "a", "c", "b", "d");
        order.clear();
        // Without priorities: ready steps in the order given.
        Walk.run(List.of("a", "b", "c", "d", "e"), DEPS::get, WalkTest::successors, 1, id -> {
            order.add(id);
            return "done";
        }, r -> { });
        assertThat(order).containsExactly("a", "b", "c", "d", "e");
    }

    @Test
    void runsDependenciesFirstAndRespectsTheBound() {
        List<String> order = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger running = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        var results = Walk.run(List.of("a", "b", "c", "d", "e"), DEPS::get, WalkTest::successors, 2, id -> {
            peak.accumulateAndGet(running.incrementAndGet(), Math::max);
            Thread.sleep(30);
            order.add(id);
            running.decrementAndGet();
            return "done";
        }, r -> { });
        assertThat(results.values()).allMatch(r -> r.status() == Walk.Status.DONE);
        assertThat(order.indexOf("a")).isLessThan(order.indexOf("b"));
        assertThat(order.indexOf("b")).isLessThan(order.indexOf("d"));
        assertThat(peak.get()).isEqualTo(2);
    }

    @Test
    void aFailureSkipsItsDescendantsOnlyAndKeepsTheRootCause() {
        var results = Walk.run(List.of("a", "b", "c", "d", "e"), DEPS::get, WalkTest::successors, 4, id -> {
            if (id.equals("b")) throw new IllegalStateException("boom");
            return "done";
        }, r -> { });
        assertThat(results.get("b").status()).isEqualTo(Walk.Status.FAILED);
        assertThat(results.get("b").error()).contains("b: IllegalStateException: boom");
        assertThat(results.get("d").status()).isEqualTo(Walk.Status.SKIPPED);
        assertThat(results.get("d").rootCause()).isEqualTo("b");
        assertThat(results.get("c").status()).isEqualTo(Walk.Status.DONE);
        assertThat(results.get("e").status()).isEqualTo(Walk.Status.DONE);
    }

    @Test
    void independentNodesRunInParallel() {
        long start = System.nanoTime();
        Walk.run(List.of("p", "q", "r", "s"), id -> List.of(), id -> List.of(), 4, id -> {
            Thread.sleep(200);
            return "done";
        }, r -> { });
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(700);
    }
}
