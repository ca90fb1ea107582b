package ai.katonic.kpc.kinds;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.config.ConfigLoader;
import ai.katonic.kpc.engine.Progress;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.Spec;
import ai.katonic.kpc.state.State;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * One kind's step without the walk, moto or a network: the example config (cluster katonic-prod),
 * a state of its own, the SDK clients a test fakes at their interface (any other points at a closed
 * loopback port), and what the step said.
 */
public final class KindFixture {
    public final ClusterConfig config;
    public final State state;
    public final StringWriter said = new StringWriter();
    private final RunContext run;

    public KindFixture(Path dir, String region, Map<Class<?>, Object> clients) {
        try {
            String yaml = Files.readString(Path.of("examples/kpc.yaml")).replace("us-east-1", region); // the region and its zones
            ConfigLoader.Loaded loaded = ConfigLoader.parse(yaml.getBytes(java.nio.charset.StandardCharsets.UTF_8), "kpc.yaml", dir);
            if (loaded.config() == null) throw new IllegalStateException("the example config in " + region + " does not validate: " + loaded.diagnostics());
            this.config = loaded.config();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.state = new State(config.clusterName(), region);
        this.run = new RunContext(Catalog.KINDS, config, AwsClients.given(region, clients), state, dir, dir,
                new Progress(new PrintWriter(said, true), false), ai.katonic.kpc.runtime.Overrides.NONE.withTimeScale(KindTest.FAST));
    }

    public StepContext step(String id, Spec spec) {
        return run.step(Resource.of(id, spec));
    }

    /** An AWS error as the SDK raises it: its HTTP status and error code. */
    public static <E extends AwsServiceException> E error(AwsServiceException.Builder builder, int status, String code) {
        @SuppressWarnings("unchecked")
        E e = (E) builder.statusCode(status).awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage(code).build()).build();
        return e;
    }
}
