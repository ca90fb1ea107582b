package ai.katonic.kpc.engine;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.errors.KpcException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * A bounded parallel walk of a DAG, after Terraform's: every node whose prerequisites are done
 * runs, at most {@code parallelism} at a time; a failed node's successors are skipped and
 * remember the root cause; independent branches finish. Used forwards for apply and backwards
 * (prerequisites = dependants) for destroy.
 */
public final class Walk {
    private Walk() {}

    public enum Status { DONE, FAILED, SKIPPED }

    /** What happened to one node. {@code what} says e.g. created / adopted / unchanged / deleted. */
    /** {@code start} is when the step began, counted from the start of the walk. */
    public record Result(String id, Status status, String what, String error, String rootCause, Duration start, Duration took) {}

    /** A node's work; returns a word for what it did, or throws. */
    @FunctionalInterface
    public interface Task {
        String run(String id) throws Exception;
    }

    public static Map<String, Result> run(List<String> nodes, Function<String, List<String>> prerequisites,
                                          Function<String, List<String>> successors, int parallelism, Task task,
                                          java.util.function.Consumer<Result> onResult) {
        return run(nodes, prerequisites, successors, parallelism, task, onResult, id -> 0.0);
    }

    /** As above; of the ready nodes, those with the highest {@code priority} start first (ties: in the given order). */
    public static Map<String, Result> run(List<String> nodes, Function<String, List<String>> prerequisites,
                                          Function<String, List<String>> successors, int parallelism, Task task,
                                          java.util.function.Consumer<Result> onResult, java.util.function.ToDoubleFunction<String> priority) {
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, Integer> position = new HashMap<>();
        for (String n : nodes) position.put(n, position.size());
        java.util.Queue<String> ready = new java.util.PriorityQueue<>(java.util.Comparator
                .comparingDouble((String id) -> -priority.applyAsDouble(id)).thenComparing(id -> position.getOrDefault(id, 0)));
        for (String n : nodes) {
            int count = (int) prerequisites.apply(n).stream().filter(nodes::contains).count();
            waiting.put(n, count);
            if (count == 0) ready.add(n);
        }
        Map<String, Result> results = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "kpc-step");
            t.setDaemon(true);
            return t;
        });
        CompletionService<Result> done = new ExecutorCompletionService<>(pool);
        int running = 0;
        long walkStart = System.nanoTime();
        try {
            while (running > 0 || !ready.isEmpty() && !Interrupt.requested()) {
                while (running < parallelism && !ready.isEmpty() && !Interrupt.requested()) {
                    String id = ready.poll();
                    done.submit(() -> execute(id, task, walkStart));
                    running++;
                }
                if (running == 0) break; // interrupted: what is ready does not start
                Result r = take(done);
                running--;
                results.put(r.id(), r);
                onResult.accept(r);
                if (r.status() == Status.DONE) {
                    for (String next : successors.apply(r.id())) {
                        if (!waiting.containsKey(next) || results.containsKey(next)) continue;
                        if (waiting.merge(next, -1, Integer::sum) == 0) ready.add(next);
                    }
                } else {
                    skipDescendants(r, successors, results, onResult, waiting);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    private static Result execute(String id, Task task, long walkStart) {
        long start = System.nanoTime();
        Duration offset = Duration.ofNanos(start - walkStart);
        try {
            String what = task.run(id);
            return new Result(id, Status.DONE, what, null, null, offset, Duration.ofNanos(System.nanoTime() - start));
        } catch (Exception | Error e) {
            String msg = e instanceof KpcException ? e.getMessage() : AwsErrors.explain(id, e);
            return new Result(id, Status.FAILED, "failed", msg, id, offset, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static void skipDescendants(Result failed, Function<String, List<String>> successors,
                                        Map<String, Result> results, java.util.function.Consumer<Result> onResult,
                                        Map<String, Integer> waiting) {
        Deque<String> todo = new ArrayDeque<>(successors.apply(failed.id()));
        List<String> skipped = new ArrayList<>();
        while (!todo.isEmpty()) {
            String next = todo.pop();
            if (!waiting.containsKey(next) || results.containsKey(next)) continue;
            Result s = new Result(next, Status.SKIPPED, "skipped", "skipped because " + failed.rootCause() + " failed",
                    failed.rootCause(), Duration.ZERO, Duration.ZERO);
            results.put(next, s);
            skipped.add(next);
            onResult.accept(s);
            todo.addAll(successors.apply(next));
        }
    }

    private static Result take(CompletionService<Result> done) {
        try {
            Future<Result> f = done.take();
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KpcException.OperationFailed("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("a step escaped its own error handling", e.getCause());
        }
    }
}
