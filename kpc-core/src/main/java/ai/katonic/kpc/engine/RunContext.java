package ai.katonic.kpc.engine;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.state.State;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Everything one apply, status or destroy run shares between its steps. */
public final class RunContext implements AutoCloseable {
    private final ClusterConfig config;
    private final AwsClients aws;
    private final State state;
    private final Path stateDir;
    private final Progress progress;
    private final Path configDir;
    private final Kinds kinds;
    private final ai.katonic.kpc.runtime.Overrides overrides;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final Map<String, Optional<Live>> prefetched = new ConcurrentHashMap<>();

    public RunContext(Kinds kinds, ClusterConfig config, AwsClients aws, State state, Path stateDir, Path configDir, Progress progress,
                      ai.katonic.kpc.runtime.Overrides overrides) {
        this.kinds = kinds;
        this.overrides = overrides;
        this.configDir = configDir;
        this.config = config;
        this.aws = aws;
        this.state = state;
        this.stateDir = stateDir;
        this.progress = progress;
    }

    public ClusterConfig config() { return config; }
    public AwsClients aws() { return aws; }
    public State state() { return state; }
    public Path stateDir() { return stateDir; }
    public Path configDir() { return configDir; }
    public Progress progress() { return progress; }
    /** Where this run sends what it would send elsewhere (the jump host's SSH, chart and image fetches), as it began. */
    public ai.katonic.kpc.runtime.Overrides overrides() { return overrides; }
    /** How much faster than AWS this run's cloud answers (the overrides' time scale). */
    public ai.katonic.kpc.runtime.TimeScale timeScale() { return overrides.timeScale(); }
    /** The context a handler works on one resource in (the walk makes one per step; a unit test of a kind, its own). */
    public StepContext step(ai.katonic.kpc.plan.Resource resource) {
        return new StepContext(resource, this);
    }

    /** The kinds of resource this run's graph holds: each resource's handler. */
    public Kinds kinds() { return kinds; }

    /** What this run learned about a resource, else what state recorded (destroy reads ids from there). */
    public Live live(String id) {
        Live l = live.get(id);
        if (l != null) return l;
        State.Entry e = state.get(id);
        return e == null || e.awsId() == null ? null : Live.of(e.awsId(), e.outputs() == null ? Map.of() : e.outputs());
    }

    private final Map<String, Object> memo = new ConcurrentHashMap<>();
    private final Map<String, Object> memoLocks = new ConcurrentHashMap<>();

    /**
     * One answer per run for a describe several kinds read (route tables hold routes and associations).
     * Computed under a lock of its own key, not inside the map, so one memo may build on another.
     */
    @SuppressWarnings("unchecked")
    public <T> T memo(String key, java.util.function.Supplier<T> describe) {
        Object known = memo.get(key);
        if (known != null) return (T) known;
        synchronized (memoLocks.computeIfAbsent(key, k -> new Object())) {
            known = memo.get(key);
            if (known != null) return (T) known;
            T made = describe.get();
            memo.put(key, made);
            return made;
        }
    }

    /** Finds what one describe per kind can find, before a walk (see {@link Prefetch}). */
    public void prefetch(ai.katonic.kpc.plan.ResourceGraph graph) {
        prefetched.putAll(Prefetch.run(this, graph));
    }

    /** The resource as the prefetch saw it, once; null when the step must look for itself. */
    Optional<Live> takePrefetched(String id) {
        return prefetched.remove(id);
    }

    private final java.util.List<AutoCloseable> closeables = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Closes {@code c} when the run ends (connections the steps share, such as the Kubernetes client). */
    public void onClose(AutoCloseable c) {
        closeables.add(c);
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // closing a connection at the end of a run: nothing left to do about it
            }
        }
        closeables.clear();
    }

    private volatile java.util.function.Consumer<State> saver = s -> { };

    /** How this run saves state (the walk's store); a step that records an intent saves through it. */
    void saver(java.util.function.Consumer<State> save) {
        this.saver = save;
    }

    void saveState() {
        saver.accept(state);
    }

    public void remember(String id, Live l) {
        if (l == null) live.remove(id);
        else live.put(id, l);
    }
}
