package ai.katonic.kpc.aws.eks;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.LatencyProfile;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Spec;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ClusterStatus;
import software.amazon.awssdk.services.eks.model.LogType;

/** The EKS control plane on both private subnets, endpoint private only. Creating it takes AWS about ten minutes. */
public final class EksClusterHandler implements Handler<Spec.EksCluster>, Handler.Inventory {
    static final Duration CREATE = LatencyProfile.typicalCreate(Spec.EksCluster.LATENCY);
    static final Duration DELETE = LatencyProfile.typicalDelete(Spec.EksCluster.LATENCY);

    public Class<Spec.EksCluster> specType() { return Spec.EksCluster.class; }

    public List<String> actions() {
        // EKS checks the caller may use the secrets key (kms:DescribeKey, kms:CreateGrant) when creating the cluster.
        return List.of("eks:CreateCluster", "eks:DescribeCluster", "eks:TagResource", "eks:DeleteCluster", "iam:PassRole",
                "kms:DescribeKey", "kms:CreateGrant");
    }

    public Optional<Live> observe(StepContext ctx, Spec.EksCluster spec) {
        Cluster c;
        try {
            c = ctx.aws().eks().describeCluster(r -> r.name(spec.name())).cluster();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
        String owner = c.tags().get(ClusterConfig.OWNER_TAG);
        if (!ctx.clusterName().equals(owner)) {
            throw new KpcException.OperationFailed(ctx.resourceId() + ": EKS cluster " + spec.name() + " already exists and "
                    + (owner == null ? "was not made by kpc (no " + ClusterConfig.OWNER_TAG + " tag)"
                    : "is tagged " + ClusterConfig.OWNER_TAG + "=" + owner + ", not " + ctx.clusterName()) + "; kpc will not adopt it");
        }
        if (c.status() == ClusterStatus.DELETING) return Optional.empty();
        return Optional.of(live(c));
    }

    public Live create(StepContext ctx, Spec.EksCluster spec) {
        String role = ctx.dep(spec.role()).out("arn");
        String key = spec.kmsKey() != null ? ctx.dep(spec.kmsKey()).out("arn") : spec.kmsKeyArn();
        Cluster c = ctx.settle(() -> ctx.aws().eks().createCluster(r -> r.name(spec.name()).version(spec.version()).roleArn(role)
                .clientRequestToken(ctx.clientToken()).tags(ctx.tags())
                // Who did what to the API server stays on record: api, audit and authenticator logs.
                .logging(l -> l.clusterLogging(s -> s.enabled(true).types(LogType.API, LogType.AUDIT, LogType.AUTHENTICATOR)))
                .encryptionConfig(e -> e.resources("secrets").provider(p -> p.keyArn(key)))
                .resourcesVpcConfig(v -> v.subnetIds(spec.subnets().stream().map(ctx::id).toList())
                        .securityGroupIds(spec.securityGroups().stream().map(ctx::id).toList())
                        .endpointPrivateAccess(spec.endpointPrivate()).endpointPublicAccess(spec.endpointPublic())))).cluster();
        ctx.progress("creating " + c.arn());
        return finish(ctx, spec, live(c));
    }

    public Live finish(StepContext ctx, Spec.EksCluster spec, Live live) {
        Cluster c = Poll.until(ctx, "ACTIVE", CREATE, () -> {
            Cluster now = ctx.aws().eks().describeCluster(r -> r.name(spec.name())).cluster();
            if (now.status() == ClusterStatus.FAILED) {
                throw new KpcException.OperationFailed(ctx.resourceId() + ": EKS reports the cluster FAILED; "
                        + "see its health in the EKS console, then `kpc destroy` and re-apply");
            }
            return now.status() == ClusterStatus.ACTIVE ? Poll.Seen.done("ACTIVE", now) : Poll.Seen.waiting(now.statusAsString());
        });
        return live(c);
    }

    public void delete(StepContext ctx, Spec.EksCluster spec, Live live) {
        try {
            ctx.aws().eks().deleteCluster(r -> r.name(spec.name()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return;
            if (!AwsErrors.code(e).equals("ResourceInUseException")) throw e;
        }
        Poll.untilGone(ctx, DELETE, () -> Optional.of(ctx.aws().eks().describeCluster(r -> r.name(spec.name()))
                .cluster().statusAsString()));
    }

    private static Live live(Cluster c) {
        Map<String, String> out = new HashMap<>();
        out.put("arn", c.arn());
        if (c.endpoint() != null) out.put("endpoint", c.endpoint());
        if (c.identity() != null && c.identity().oidc() != null && c.identity().oidc().issuer() != null) {
            out.put("oidc_issuer", c.identity().oidc().issuer());
        }
        if (c.certificateAuthority() != null && c.certificateAuthority().data() != null) {
            out.put("certificate_authority", c.certificateAuthority().data());
        }
        if (c.resourcesVpcConfig() != null && c.resourcesVpcConfig().clusterSecurityGroupId() != null) {
            out.put("cluster_security_group", c.resourcesVpcConfig().clusterSecurityGroupId());
        }
        return Live.of(c.name(), out);
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        try {
            var c = aws.eks().describeCluster(r -> r.name(cluster)).cluster();
            return cluster.equals(c.tags().get(ai.katonic.kpc.config.ClusterConfig.OWNER_TAG)) ? List.of("eks_cluster " + c.name()) : List.of();
        } catch (RuntimeException e) {
            if (!ai.katonic.kpc.aws.AwsErrors.isNotFound(e)) throw e;
            return List.of();
        }
    }

    public List<String> leftoverActions() {
        return List.of("eks:DescribeCluster");
    }
}
