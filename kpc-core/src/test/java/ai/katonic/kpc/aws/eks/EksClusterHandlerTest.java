package ai.katonic.kpc.aws.eks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.eks.model.Cluster;
import software.amazon.awssdk.services.eks.model.ClusterStatus;
import software.amazon.awssdk.services.eks.model.CreateClusterRequest;
import software.amazon.awssdk.services.eks.model.CreateClusterResponse;
import software.amazon.awssdk.services.eks.model.DeleteClusterRequest;
import software.amazon.awssdk.services.eks.model.DeleteClusterResponse;
import software.amazon.awssdk.services.eks.model.DescribeClusterRequest;
import software.amazon.awssdk.services.eks.model.DescribeClusterResponse;

/**
 * The control plane alone, EKS faked at the SDK's interface: made with a private endpoint only, on the private
 * subnets, its secrets encrypted with the cluster's key, its API, audit and authenticator logs on, this install's
 * request token and kpc's tags; waited for until ACTIVE, its endpoint, CA and OIDC issuer recorded; a FAILED
 * cluster an error; one of that name kpc did not tag never adopted; one being deleted not adopted; deleting one
 * already gone no error, and a deletion waited for until EKS no longer knows the cluster.
 */
class EksClusterHandlerTest extends KindTest {

    /** EKS's clusters: CREATING → {@code settlesTo} on the next look, DELETING → gone. */
    static final class FakeEks extends EksFake {
        final Map<String, Cluster> clusters = new LinkedHashMap<>();
        ClusterStatus settlesTo = ClusterStatus.ACTIVE;

        @Override
        public DescribeClusterResponse describeCluster(DescribeClusterRequest r) {
            Cluster c = clusters.get(r.name());
            if (c == null) throw notFound();
            if (c.status() == ClusterStatus.CREATING) {
                clusters.put(r.name(), c.toBuilder().status(settlesTo).endpoint("https://ABC.gr7.us-east-1.eks.amazonaws.com")
                        .certificateAuthority(a -> a.data("Q0E=")).identity(i -> i.oidc(o -> o.issuer("https://oidc.eks.us-east-1.amazonaws.com/id/ABC")))
                        .resourcesVpcConfig(v -> v.clusterSecurityGroupId("sg-cluster")).build());
            } else if (c.status() == ClusterStatus.DELETING) {
                clusters.remove(r.name());
            }
            return DescribeClusterResponse.builder().cluster(c).build();
        }

        @Override
        public CreateClusterResponse createCluster(CreateClusterRequest r) {
            var v = r.resourcesVpcConfig();
            calls.add("CreateCluster " + r.name() + " " + r.version() + " role " + r.roleArn() + " subnets " + v.subnetIds() + " groups "
                    + v.securityGroupIds() + " private " + v.endpointPrivateAccess() + " public " + v.endpointPublicAccess()
                    + " key " + r.encryptionConfig().get(0).provider().keyArn() + " " + r.encryptionConfig().get(0).resources()
                    + " logs " + r.logging().clusterLogging().get(0).typesAsStrings());
            calls.add("token " + r.clientRequestToken());
            Cluster c = Cluster.builder().name(r.name()).arn("arn:aws:eks:us-east-1:111122223333:cluster/" + r.name())
                    .status(ClusterStatus.CREATING).tags(r.tags()).build();
            clusters.put(r.name(), c);
            return CreateClusterResponse.builder().cluster(c).build();
        }

        @Override
        public DeleteClusterResponse deleteCluster(DeleteClusterRequest r) {
            calls.add("DeleteCluster " + r.name());
            Cluster c = clusters.get(r.name());
            if (c == null) throw notFound();
            clusters.put(r.name(), c.toBuilder().status(ClusterStatus.DELETING).build());
            return DeleteClusterResponse.builder().build();
        }
    }

    final FakeEks eks = new FakeEks();
    final EksClusterHandler h = new EksClusterHandler();
    KindFixture fixture;
    static final Spec.EksCluster SPEC = new Spec.EksCluster("katonic-prod", "1.35", new Ref("iam-role-cluster"),
            List.of(new Ref("subnet-private-a"), new Ref("subnet-private-b")), List.of(new Ref("sg-cluster-extra")), true, false,
            new Ref("kms-key"), null);

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(EksClient.class, eks));
        fixture.state.created("iam-role-cluster", "iam_role", "katonic-prod-cluster",
                Map.of("arn", "arn:aws:iam::111122223333:role/katonic-prod-cluster"), Map.of());
        fixture.state.created("kms-key", "kms_key", "key-1", Map.of("arn", "arn:aws:kms:us-east-1:111122223333:key/key-1"), Map.of());
        fixture.state.created("subnet-private-a", "subnet", "subnet-a", Map.of(), Map.of());
        fixture.state.created("subnet-private-b", "subnet", "subnet-b", Map.of(), Map.of());
        fixture.state.created("sg-cluster-extra", "security_group", "sg-1", Map.of(), Map.of());
        return fixture.step("eks-cluster", SPEC);
    }

    static Cluster tagged(String cluster, ClusterStatus status) {
        return Cluster.builder().name("katonic-prod").arn("arn:aws:eks:us-east-1:111122223333:cluster/katonic-prod").status(status)
                .tags(cluster == null ? Map.of() : Map.of("kpc:cluster", cluster)).build();
    }

    @Test
    void madePrivateEncryptedAndLoggedWithTheInstallsTokenAndWaitedForUntilActive() {
        StepContext ctx = step();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        Live made = h.create(ctx, SPEC);
        assertThat(eks.calls).containsExactly("CreateCluster katonic-prod 1.35 role arn:aws:iam::111122223333:role/katonic-prod-cluster"
                + " subnets [subnet-a, subnet-b] groups [sg-1] private true public false key arn:aws:kms:us-east-1:111122223333:key/key-1"
                + " [secrets] logs [api, audit, authenticator]", "token " + ctx.clientToken());
        assertThat(eks.clusters.get("katonic-prod").tags()).containsEntry("kpc:cluster", "katonic-prod").containsEntry("kpc:resource", "eks-cluster");
        assertThat(made.outputs()).containsEntry("endpoint", "https://ABC.gr7.us-east-1.eks.amazonaws.com").containsEntry("certificate_authority", "Q0E=")
                .containsEntry("oidc_issuer", "https://oidc.eks.us-east-1.amazonaws.com/id/ABC").containsEntry("cluster_security_group", "sg-cluster");
    }

    @Test
    void aFailedClusterIsAnError() {
        eks.settlesTo = ClusterStatus.FAILED;
        StepContext ctx = step();
        assertThatThrownBy(() -> h.create(ctx, SPEC)).isInstanceOf(KpcException.OperationFailed.class).hasMessageContaining("FAILED");
    }

    @Test
    void oneKpcDidNotTagIsNeverAdoptedAndOneBeingDeletedIsNotAdopted() {
        eks.clusters.put("katonic-prod", tagged(null, ClusterStatus.ACTIVE));
        StepContext ctx = step();
        assertThatThrownBy(() -> h.observe(ctx, SPEC)).isInstanceOf(KpcException.OperationFailed.class).hasMessageContaining("kpc will not adopt it");
        eks.clusters.put("katonic-prod", tagged("staging", ClusterStatus.ACTIVE));
        assertThatThrownBy(() -> h.observe(ctx, SPEC)).isInstanceOf(KpcException.OperationFailed.class).hasMessageContaining("kpc:cluster=staging");
        eks.clusters.put("katonic-prod", tagged("katonic-prod", ClusterStatus.DELETING));
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        eks.clusters.put("katonic-prod", tagged("katonic-prod", ClusterStatus.ACTIVE));
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("katonic-prod");
    }

    @Test
    void deletedAndWaitedForUntilGoneAndOneAlreadyGoneIsNoError() {
        eks.clusters.put("katonic-prod", tagged("katonic-prod", ClusterStatus.ACTIVE));
        StepContext ctx = step();
        h.delete(ctx, SPEC, Live.of("katonic-prod"));
        assertThat(eks.clusters).isEmpty();
        h.delete(ctx, SPEC, Live.of("katonic-prod"));
        assertThat(eks.calls).containsExactly("DeleteCluster katonic-prod", "DeleteCluster katonic-prod");
    }
}
