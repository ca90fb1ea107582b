package ai.katonic.kpc.state;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What kpc knows it made: per resource id, the AWS id, the outputs dependants need and the spec it
 * was made from. Thread-safe; the store writes it after every step.
 */
public final class State {
    public static final int VERSION = 1;

    /** One resource's record. {@code status}: created (complete) or failed (last attempt failed). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Entry(String type, @JsonProperty("aws_id") String awsId, Map<String, String> outputs,
                        Map<String, Object> spec, String status, String error,
                        @JsonProperty("updated_at") String updatedAt) {}

    @JsonProperty("version")
    int version = VERSION;
    @JsonProperty("cluster_name")
    String clusterName;
    @JsonProperty("region")
    String region;
    /** The AWS account the cluster is in, recorded by the first run that asked STS. */
    @JsonProperty("account_id")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    String accountId;
    /** The EKS version chosen at the first apply of a config that names none; cleared when destroy removed everything. */
    @JsonProperty("eks_version")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    String eksVersion;
    /**
     * This install's generation, part of every client token: a resumed run reuses its tokens, a
     * reinstall after a destroy never does (AWS keeps tokens for hours to days after a deletion).
     * Null in state files of kpc before generations: their tokens carry none, as they did.
     */
    @JsonProperty("generation")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    String generation;
    @JsonProperty("resources")
    final Map<String, Entry> resources = new TreeMap<>();

    State() {}

    public State(String clusterName, String region) {
        this.clusterName = clusterName;
        this.region = region;
        this.generation = newGenerationId();
    }

    private static String newGenerationId() {
        byte[] b = new byte[4];
        new java.security.SecureRandom().nextBytes(b);
        return java.util.HexFormat.of().formatHex(b);
    }

    public synchronized String generation() {
        return generation;
    }

    /** After a destroy: what is made next is a new install (new client tokens, the EKS version chosen again). */
    public synchronized void newInstall() {
        generation = newGenerationId();
        eksVersion = null;
    }

    public String clusterName() {
        return clusterName;
    }

    public String region() {
        return region;
    }

    public int version() {
        return version;
    }

    public synchronized String accountId() {
        return accountId;
    }

    public synchronized void recordAccount(String account) {
        this.accountId = account;
    }

    /**
     * Refuses a state file that is not this cluster's (copied from another, or a shared S3 key) or that a
     * newer kpc wrote, before anything reads its ids: {@code where} names the file for the message.
     */
    public void requireFor(String where, String cluster, String inRegion) {
        if (version > VERSION) {
            throw new ai.katonic.kpc.errors.KpcException.InvalidInput("state " + where + " has format version " + version
                    + ", written by a newer kpc (this one reads " + VERSION + "); use that kpc, or `kpc state pull` an older copy");
        }
        if (clusterName != null && !clusterName.equals(cluster) || region != null && inRegion != null && !region.equals(inRegion)) {
            throw new ai.katonic.kpc.errors.KpcException.InvalidInput("state " + where + " belongs to cluster " + clusterName
                    + " in " + region + (accountId == null ? "" : " (account " + accountId + ")") + ", not to " + cluster + " in "
                    + inRegion + "; nothing was changed. Use that cluster's config, or move the file aside if it was copied here by mistake");
        }
    }

    public synchronized String eksVersion() {
        return eksVersion;
    }

    public synchronized void recordEksVersion(String version) {
        this.eksVersion = version;
    }

    public synchronized Entry get(String id) {
        return resources.get(id);
    }

    public synchronized String awsId(String id) {
        Entry e = resources.get(id);
        return e == null ? null : e.awsId();
    }

    public synchronized boolean isCreated(String id) {
        Entry e = resources.get(id);
        return e != null && "created".equals(e.status()) && e.awsId() != null;
    }

    public synchronized void created(String id, String type, String awsId, Map<String, String> outputs,
                                     Map<String, Object> spec) {
        resources.put(id, new Entry(type, awsId, outputs, spec, "created", null, Instant.now().toString()));
    }

    /** Before a create that has no client token: a run killed during it leaves this mark for the next to look for. */
    public synchronized void creating(String id, String type) {
        Entry old = resources.get(id);
        if (old != null && old.awsId() != null) return;
        resources.put(id, new Entry(type, null, Map.of(), null, "creating", null, Instant.now().toString()));
    }

    /** Whether a create of this resource began and never completed (killed, or failed). */
    public synchronized boolean createInterrupted(String id) {
        Entry e = resources.get(id);
        return e != null && !"created".equals(e.status());
    }

    public synchronized void failed(String id, String type, String error) {
        Entry old = resources.get(id);
        resources.put(id, new Entry(type, old == null ? null : old.awsId(), old == null ? Map.of() : old.outputs(),
                old == null ? null : old.spec(), "failed", error, Instant.now().toString()));
    }

    public synchronized void removed(String id) {
        resources.remove(id);
    }

    public synchronized Map<String, Entry> snapshot() {
        return new TreeMap<>(resources);
    }

    public synchronized boolean isEmpty() {
        return resources.isEmpty();
    }
}
