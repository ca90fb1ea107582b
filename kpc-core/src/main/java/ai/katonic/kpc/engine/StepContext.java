package ai.katonic.kpc.engine;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Resource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a handler may use while working on one resource. */
public final class StepContext {
    public static final String RESOURCE_TAG = "kpc:resource";

    private final Resource resource;
    private final RunContext run;

    StepContext(Resource resource, RunContext run) {
        this.resource = resource;
        this.run = run;
    }

    public Resource resource() {
        return resource;
    }

    /** The run this step belongs to: what its steps share (clients, tunnel, memos). */
    public RunContext run() {
        return run;
    }

    /** How much faster than AWS this run's cloud answers: every wait of the step is made by it. */
    public ai.katonic.kpc.runtime.TimeScale timeScale() {
        return run.timeScale();
    }

    public String resourceId() {
        return resource.id();
    }

    public ClusterConfig config() {
        return run.config();
    }

    public String clusterName() {
        return run.config().clusterName();
    }

    public AwsClients aws() {
        return run.aws();
    }

    public Path stateDir() {
        return run.stateDir();
    }

    /** The directory of the config file: relative paths in it start here. */
    public Path configDir() {
        return run.configDir();
    }

    /** The AWS id kpc recorded for this resource, or null. */
    public String recordedId() {
        return run.state().awsId(resource.id());
    }

    /** The outputs state recorded for this resource (empty when none). */
    public java.util.Map<String, String> recorded() {
        var e = run.state().get(resource.id());
        return e == null || e.outputs() == null ? java.util.Map.of() : e.outputs();
    }

    /** Whether state records this resource as completely made by kpc. */
    public boolean recordedAsCreated() {
        return run.state().isCreated(resource.id());
    }

    /** A dependency's live resource; the executor only runs a step after its dependencies exist. */
    public Live dep(Ref ref) {
        Live l = run.live(ref.id());
        if (l == null) throw new MissingDependency(resource.id() + " needs " + ref.id() + ", which does not exist");
        return l;
    }

    public String id(Ref ref) {
        return dep(ref).awsId();
    }

    /** The config's tags, kpc's ownership tag and the resource's own id: every resource carries these. */
    public Map<String, String> tags() {
        Map<String, String> t = new LinkedHashMap<>(run.config().resourceTags());
        t.put(RESOURCE_TAG, resource.id());
        return t;
    }

    /**
     * A token for APIs that deduplicate creates, at most 64 characters: the same for every run of one
     * install (a resumed run gets the resource its killed run asked for), new after a destroy (a
     * reinstall of the same name must not meet the tokens of the resources it deleted).
     */
    public String clientToken() {
        String generation = run.state().generation();
        String t = "kpc-" + (generation == null ? "" : generation + "-") + clusterName() + "-" + resource.id();
        if (t.length() <= 64) return t;
        return t.substring(0, 55) + "-" + shortHash(t);
    }

    /** A token of letters and digits only, at most {@code max} characters (ACM's idempotency token). */
    public String clientToken(int max) {
        String t = clientToken().replaceAll("\\W", "");
        return t.length() <= max ? t : t.substring(0, max - 8) + shortHash(t);
    }

    private static String shortHash(String s) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).substring(0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Records, and saves, that this step is about to make its resource with a call AWS cannot make
     * idempotent (no client token): if the run dies before it records the id, the next run knows to search.
     */
    public void intendToCreate() {
        run.state().creating(resource.id(), resource.type());
        run.saveState();
    }

    /** Whether an earlier run began to create this resource and never recorded it as made. */
    public boolean createInterrupted() {
        return run.state().createInterrupted(resource.id());
    }

    /** Runs a call that names just-made resources, retrying while AWS has not caught up (see {@link Settle}). */
    public <T> T settle(java.util.function.Supplier<T> call) {
        return Settle.call(this, resource.id(), call);
    }

    public void progress(String message) {
        run.progress().line(resource.id(), message);
    }

    /** From here until {@link #leave}, this thread works for this step: what the AWS layer says on its own (its retries) is this step's. */
    void enter() {
        ai.katonic.kpc.runtime.StepNotes.enter(this::progress);
    }

    static void leave() {
        ai.katonic.kpc.runtime.StepNotes.leave();
    }
}
