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

    /** The run's one client for the cluster whose live EKS resource is {@code cluster}; closed with the run. */
    public static KubernetesClient of(RunContext run, Live cluster) {
        return run.memo("kubernetes-client", () -> {
            KubernetesClient client = create(run, cluster);
            run.onClose(client);
            return client;
        });
    }

    static KubernetesClient create(RunContext run, Live cluster) {
        String endpoint = cluster.out("endpoint");
        Token token = new Token(run, cluster.awsId());
        Config config = new ConfigBuilder(Config.empty())
                .withMasterUrl(endpoint)
                .withCaCertData(cluster.out("certificate_authority"))
                .withOauthTokenProvider(token::get)
                .withRequestTimeout(30_000)
                .withConnectionTimeout(10_000)
                .withRequestRetryBackoffLimit(3)
                .build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** An EKS token, made again a minute before it expires. */
    private static final class Token {
        private final RunContext run;
        private final String cluster;
        private String value;
        private Instant renewAt = Instant.MIN;

        Token(RunContext run, String cluster) {
            this.run = run;
            this.cluster = cluster;
        }

        synchronized String get() {
            Instant now = Instant.now();
            if (value == null || now.isAfter(renewAt)) {
                value = EksToken.create(run.aws().credentials(), run.aws().region(), cluster, Clock.systemUTC());
                renewAt = now.plus(EksToken.TOKEN_LIFE).minusSeconds(60);
            }
            return value;
        }
    }
}
