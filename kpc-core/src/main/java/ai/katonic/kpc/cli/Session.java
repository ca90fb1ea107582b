package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.aws.eks.EksVersions;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.plan.GraphBuilder;
import ai.katonic.kpc.plan.ResourceGraph;
import ai.katonic.kpc.state.LocalStateStore;
import ai.katonic.kpc.state.S3StateStore;
import ai.katonic.kpc.state.State;
import ai.katonic.kpc.state.StateStore;
import java.io.PrintWriter;
import ai.katonic.kpc.plan.Orphans;
import ai.katonic.kpc.plan.Resource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What every command that talks to AWS needs: the config, its graph, clients and the state store. */
final class Session implements AutoCloseable {
    private final java.util.List<RunContext> runs = new java.util.ArrayList<>();
    final ClusterConfig config;
    final ResourceGraph graph;
    final AwsClients aws;
    final StateStore store;
    final Path configDir;

    /** The EKS version this run uses and why (the config's, the one state kept, or the newest EKS offers). */
    final EksVersions.Choice eksVersion;

    /** The run's redirects, read once from the environment: the config already fetches its charts from their repository. */
    final ai.katonic.kpc.runtime.Overrides overrides = ai.katonic.kpc.runtime.Overrides.fromEnvironment();

    Session(KpcCommand root, Path file, PrintWriter err) {
        ClusterConfig loaded = Configs.load(file, err);
        this.configDir = file.toAbsolutePath().getParent();
        String region = root.region != null ? root.region : loaded.region();
        this.aws = new AwsClients(region, root.endpointUrl, root.profile, overrides.timeScale());
        Path localDir = localDir(root.kpcDir(configDir), loaded.clusterName(), region, err);
        this.store = store(loaded, region, aws, localDir);
        this.eksVersion = EksVersions.choose(loaded, loaded.eksVersion() == null ? store.load() : null, aws);
        ClusterConfig versioned = loaded.withEksVersion(eksVersion.version());
        this.config = overrides.chartsRepository() == null ? versioned : versioned.withChartsRepository(overrides.chartsRepository());
        this.graph = GraphBuilder.build(config);
    }

    /** The config's state: the local file under {@code localDir}, or the S3 object its {@code state} block names. */
    static StateStore store(ClusterConfig c, String region, AwsClients aws, Path localDir) {
        return c.state().backend().equals("s3")
                ? new S3StateStore(aws, c.state().bucket(), stateKey(c), localDir, c.clusterName(), region)
                : new LocalStateStore(localDir, c.clusterName(), region);
    }

    /** The AWS clients of a command without a session (state, token, init): the AWS flags, the run's time scale. */
    static AwsClients aws(KpcCommand root, String region) {
        return new AwsClients(region, root.endpointUrl, root.profile, ai.katonic.kpc.runtime.Overrides.fromEnvironment().timeScale());
    }

    /**
     * {@code .kpc/<region>/<cluster_name>/} beside the config (or under {@code --state-dir}): one name in two regions never shares a state
     * file. A directory of the layout before regions ({@code .kpc/<cluster_name>/}) whose state is of this
     * region is moved there on first use, and that is said once.
     */
    static Path localDir(Path kpcDir, String cluster, String region, PrintWriter err) {
        Path dir = kpcDir.resolve(region).resolve(cluster);
        Path old = kpcDir.resolve(cluster);
        if (!java.nio.file.Files.exists(dir) && java.nio.file.Files.isRegularFile(old.resolve("state.json"))) {
            try {
                String recorded = ai.katonic.kpc.runtime.Jackson.JSON.readTree(old.resolve("state.json").toFile())
                        .path("region").asString(region);
                if (recorded.equals(region)) {
                    java.nio.file.Files.createDirectories(dir.getParent());
                    java.nio.file.Files.move(old, dir, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                    err.println("note: moved " + old + " to " + dir + " (state now lives per region)");
                    err.flush();
                }
            } catch (java.io.IOException | tools.jackson.core.JacksonException e) {
                throw new KpcException.OperationFailed("cannot move " + old + " to " + dir + ": " + e.getMessage()
                        + "; move it by hand (kpc keeps state per region now)");
            }
        }
        return dir;
    }

    /**
     * The state must be of the caller's account (a state file copied from another account's cluster of the
     * same name is refused before anything changes); state without one records it now.
     */
    void requireAccount(State state, String account) {
        if (account == null) return;
        if (state.accountId() == null) {
            state.recordAccount(account);
        } else if (!state.accountId().equals(account)) {
            throw new KpcException.InvalidInput("state of " + config.clusterName() + " belongs to AWS account " + state.accountId()
                    + ", but these credentials are of account " + account + "; nothing was changed. Use that account's "
                    + "credentials (--profile), or move the state aside if it was copied here by mistake");
        }
    }

    static String stateKey(ClusterConfig c) {
        return c.state().key() != null ? c.state().key() : "kpc/" + c.clusterName() + "/state.json";
    }

    /** What state records that the config no longer asks for (a removed node group, EFS turned off). */
    List<Resource> orphans(State state) {
        Map<String, Orphans.Recorded> recorded = new LinkedHashMap<>();
        state.snapshot().forEach((id, e) -> {
            if (e.awsId() != null) recorded.put(id, new Orphans.Recorded(e.type(), e.spec()));
        });
        return Orphans.find(graph, recorded);
    }

    RunContext run(State state, Progress progress) {
        RunContext run = new RunContext(ai.katonic.kpc.kinds.Catalog.KINDS, config, aws, state, store.localDir(), configDir, progress, overrides);
        runs.add(run);
        return run;
    }

    @Override
    public void close() {
        runs.forEach(RunContext::close);
        aws.close();
    }
}
