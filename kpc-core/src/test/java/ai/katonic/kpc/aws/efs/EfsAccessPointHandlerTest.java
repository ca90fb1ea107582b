package ai.katonic.kpc.aws.efs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.efs.model.AccessPointDescription;
import software.amazon.awssdk.services.efs.model.CreateAccessPointRequest;
import software.amazon.awssdk.services.efs.model.CreateAccessPointResponse;
import software.amazon.awssdk.services.efs.model.DeleteAccessPointRequest;
import software.amazon.awssdk.services.efs.model.DeleteAccessPointResponse;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsRequest;
import software.amazon.awssdk.services.efs.model.DescribeAccessPointsResponse;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.efs.model.Tag;

/**
 * The kfs-shared storage class's access point alone, EFS faked at the SDK's interface: made on the cluster's file
 * system with this install's client token, kpc's tags, its POSIX user and a root directory it owns; adopted by that
 * token or by both of kpc's tags, never by another cluster's tags on the same file system; deleting one already gone
 * is no error.
 */
class EfsAccessPointHandlerTest extends KindTest {

    static final class FakeEfs extends EfsFake {
        final List<AccessPointDescription> points = new ArrayList<>();
        boolean deleteFails;

        @Override
        public DescribeAccessPointsResponse describeAccessPoints(DescribeAccessPointsRequest r) {
            return DescribeAccessPointsResponse.builder().accessPoints(points.stream().filter(p -> p.fileSystemId().equals(r.fileSystemId())).toList()).build();
        }

        @Override
        public CreateAccessPointResponse createAccessPoint(CreateAccessPointRequest r) {
            calls.add("CreateAccessPoint " + r.fileSystemId() + " " + r.rootDirectory().path() + " uid " + r.posixUser().uid()
                    + " owner " + r.rootDirectory().creationInfo().ownerUid() + " " + r.rootDirectory().creationInfo().permissions());
            AccessPointDescription p = AccessPointDescription.builder().accessPointId("fsap-" + (points.size() + 1)).fileSystemId(r.fileSystemId())
                    .clientToken(r.clientToken()).tags(r.tags()).build();
            points.add(p);
            return CreateAccessPointResponse.builder().accessPointId(p.accessPointId()).build();
        }

        @Override
        public DeleteAccessPointResponse deleteAccessPoint(DeleteAccessPointRequest r) {
            calls.add("DeleteAccessPoint " + r.accessPointId());
            if (deleteFails) throw KindFixture.<EfsException>error(EfsException.builder(), 403, "AccessDeniedException");
            if (!points.removeIf(p -> p.accessPointId().equals(r.accessPointId()))) {
                throw notFound("AccessPointNotFound");
            }
            return DeleteAccessPointResponse.builder().build();
        }
    }

    final FakeEfs efs = new FakeEfs();
    KindFixture fixture;
    static final Spec.EfsAccessPoint SPEC = new Spec.EfsAccessPoint(new Ref("efs"), "/katonic", 1000, 1000);

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(EfsClient.class, efs));
        fixture.state.created("efs", "efs_file_system", "fs-1", Map.of(), Map.of());
        return fixture.step("efs-access-point", SPEC);
    }

    static AccessPointDescription point(String id, String token, String cluster, String resource) {
        return AccessPointDescription.builder().accessPointId(id).fileSystemId("fs-1").clientToken(token)
                .tags(Tag.builder().key("kpc:cluster").value(cluster).build(), Tag.builder().key("kpc:resource").value(resource).build()).build();
    }

    @Test
    void madeWithTheInstallsTokenItsTagsAndARootItOwns() {
        StepContext ctx = step();
        EfsAccessPointHandler h = new EfsAccessPointHandler();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        assertThat(h.create(ctx, SPEC).awsId()).isEqualTo("fsap-1");
        assertThat(efs.calls).containsExactly("CreateAccessPoint fs-1 /katonic uid 1000 owner 1000 0775");
        assertThat(efs.points.get(0).clientToken()).isEqualTo(ctx.clientToken());
        assertThat(efs.points.get(0).tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build(),
                Tag.builder().key("kpc:resource").value("efs-access-point").build());
        // a run that lost the answer finds it again by the token
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("fsap-1");
    }

    @Test
    void adoptedByBothOfKpcsTagsNeverByAnotherClustersOnTheSameFileSystem() {
        efs.points.add(point("fsap-staging", "another-install", "staging", "efs-access-point"));
        StepContext ctx = step();
        EfsAccessPointHandler h = new EfsAccessPointHandler();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        efs.points.add(point("fsap-mine", "an-earlier-install", "katonic-prod", "efs-access-point"));
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("fsap-mine");
    }

    @Test
    void deletingOneAlreadyGoneSucceedsAndOtherErrorsAreNotSwallowed() {
        StepContext ctx = step();
        new EfsAccessPointHandler().delete(ctx, SPEC, Live.of("fsap-gone"));
        efs.deleteFails = true;
        assertThatThrownBy(() -> new EfsAccessPointHandler().delete(ctx, SPEC, Live.of("fsap-1"))).isInstanceOf(EfsException.class);
    }
}
