package ai.katonic.kpc.k8s;

import ai.katonic.kpc.aws.eks.EksToken;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.RunContext;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.time.Clock;
import java.time.Instant;

/**
 * The Kubernetes API of the cluster kpc made, as a fabric8 client: the endpoint and CA that EKS
 * reports, TLS verified against that CA, and a bearer token built the way {@code kpc token} builds
 * it (presigned STS GetCallerIdentity), renewed before its 15 minutes run out. No kubeconfig and no
 * AWS CLI are involved, and nothing of the user's ~/.kube is read.
 */
public final class KubeClients {
    private KubeClients() {}

    /**
     * The run's one client for the API that {@code api} (the live {@code kubernetes-api} step) says
     * how to reach, through the run's one SSH tunnel when it is a tunnel; both closed with the run.
     */
    /** The Kubernetes API of a step, reached as the {@code kubernetes-api} step {@code api} refers to says (one client per run). */
    public static KubernetesClient of(ai.katonic.kpc.engine.StepContext ctx, ai.katonic.kpc.plan.Ref api) {
        return of(ctx.run(), ctx.dep(api));
    }

    public static KubernetesClient of(RunContext run, Live api) {
        return run.memo("kubernetes-client", () -> {
            KubernetesClient client = create(run, api);
            run.onClose(client);
            return client;
        });
    }

    static KubernetesClient create(RunContext run, Live api) {
        Token token = token(run, api);
        ConfigBuilder config = new ConfigBuilder(Config.empty())
                .withMasterUrl(api.out("endpoint"))
                .withCaCertData(api.out("certificate_authority"))
                .withOauthTokenProvider(token::get)
                .withRequestTimeout(30_000)
                .withConnectionTimeout(10_000)
                .withRequestRetryBackoffLimit(3);
        proxyUrl(run, api).ifPresent(config::withHttpsProxy);
        return new KubernetesClientBuilder().withConfig(config.build())
                .withHttpClientBuilderConsumer(b -> b.addOrReplaceInterceptor("kpc-call-log", new ai.katonic.kpc.runtime.CallLog.Kube())).build();
    }

    /** The run's one SSH tunnel's local proxy, when the API is reached through the jump host (shared by fabric8 and Helm). */
    public static java.util.Optional<String> proxyUrl(RunContext run, Live api) {
        if (!"tunnel".equals(api.out("mode"))) return java.util.Optional.empty();
        return java.util.Optional.of(run.memo("kubernetes-tunnel", () -> {
            JumpHostTunnel tunnel = KubeApiHandler.tunnel(api.outputs(), KubeApiHandler.address(api.outputs(), run.overrides()));
            run.onClose(tunnel);
            return tunnel.proxyUrl();
        }));
    }

    /** The run's EKS bearer token for the cluster, renewed before it expires. */
    public static Token token(RunContext run, Live api) {
        return run.memo("kubernetes-token", () -> new Token(run, api.out("cluster")));
    }

    /** An EKS token, made again a minute before it expires. */
    public static final class Token {
        private final RunContext run;
        private final String cluster;
        private String value;
        private Instant renewAt = Instant.MIN;

        Token(RunContext run, String cluster) {
            this.run = run;
            this.cluster = cluster;
        }

        public synchronized String get() {
            Instant now = Instant.now();
            if (value == null || now.isAfter(renewAt)) {
                value = EksToken.create(run.aws().credentials(), run.aws().region(), cluster, Clock.systemUTC());
                renewAt = now.plus(EksToken.TOKEN_LIFE).minusSeconds(60);
            }
            return value;
        }
    }
}
