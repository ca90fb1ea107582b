package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.AwsClients;
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

    Session(KpcCommand root, Path file, PrintWriter err) {
        this.config = Configs.load(file, err);
        this.graph = GraphBuilder.build(config);
        this.configDir = file.toAbsolutePath().getParent();
        String region = root.region != null ? root.region : config.region();
        this.aws = new AwsClients(region, root.endpointUrl, root.profile);
        Path localDir = configDir.resolve(".kpc").resolve(config.clusterName());
        this.store = config.state().backend().equals("s3")
                ? new S3StateStore(aws, config.state().bucket(), stateKey(config), localDir, config.clusterName(), region)
                : new LocalStateStore(localDir, config.clusterName(), region);
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
        RunContext run = new RunContext(config, aws, state, store.localDir(), configDir, progress);
        runs.add(run);
        return run;
    }

    @Override
    public void close() {
        runs.forEach(RunContext::close);
        aws.close();
    }
}
