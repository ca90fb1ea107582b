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
import software.amazon.awssdk.services.efs.model.CreateFileSystemRequest;
import software.amazon.awssdk.services.efs.model.CreateFileSystemResponse;
import software.amazon.awssdk.services.efs.model.CreateMountTargetRequest;
import software.amazon.awssdk.services.efs.model.CreateMountTargetResponse;
import software.amazon.awssdk.services.efs.model.DeleteFileSystemRequest;
import software.amazon.awssdk.services.efs.model.DeleteFileSystemResponse;
import software.amazon.awssdk.services.efs.model.DeleteMountTargetRequest;
import software.amazon.awssdk.services.efs.model.DeleteMountTargetResponse;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsRequest;
import software.amazon.awssdk.services.efs.model.DescribeFileSystemsResponse;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsRequest;
import software.amazon.awssdk.services.efs.model.DescribeMountTargetsResponse;
import software.amazon.awssdk.services.efs.model.EfsException;
import software.amazon.awssdk.services.efs.model.FileSystemDescription;
import software.amazon.awssdk.services.efs.model.LifeCycleState;
import software.amazon.awssdk.services.efs.model.MountTargetDescription;
import software.amazon.awssdk.services.efs.model.Tag;

/**
 * The datasets' file system and its mount targets, EFS faked at the SDK's interface. The file system: made
 * encrypted with this install's creation token and kpc's tags, waited for until available; found again by the id
 * in state, by the token, or (state lost) by both of kpc's tags, never by another cluster's; deleting one already
 * gone is no error. A mount target: one per subnet of the cluster's file system, waited for; its deletion waits
 * until the target (and so its network interface) is gone, as the subnets and security group need.
 */
class EfsFileSystemHandlerTest extends KindTest {

    /** EFS as these two kinds call it: what it holds settles (creating → available, deleting → gone) on the next look. */
    static final class FakeEfs extends EfsFake {
        final List<FileSystemDescription> fileSystems = new ArrayList<>();
        final List<MountTargetDescription> targets = new ArrayList<>();
        boolean deleteFails;

        @Override
        public DescribeFileSystemsResponse describeFileSystems(DescribeFileSystemsRequest r) {
            List<FileSystemDescription> seen = fileSystems.stream().filter(f -> (r.fileSystemId() == null || f.fileSystemId().equals(r.fileSystemId()))
                    && (r.creationToken() == null || f.creationToken().equals(r.creationToken()))).toList();
            if (r.fileSystemId() != null && seen.isEmpty()) throw notFound("FileSystemNotFound");
            fileSystems.replaceAll(f -> f.lifeCycleState() == LifeCycleState.CREATING ? f.toBuilder().lifeCycleState(LifeCycleState.AVAILABLE).build() : f);
            return DescribeFileSystemsResponse.builder().fileSystems(seen).build();
        }

        @Override
        public CreateFileSystemResponse createFileSystem(CreateFileSystemRequest r) {
            calls.add("CreateFileSystem token " + r.creationToken() + " encrypted " + r.encrypted());
            if (fileSystems.stream().anyMatch(f -> f.creationToken().equals(r.creationToken()))) {
                throw KindFixture.<EfsException>error(EfsException.builder(), 409, "FileSystemAlreadyExists");
            }
            FileSystemDescription f = FileSystemDescription.builder().fileSystemId("fs-" + (fileSystems.size() + 1)).creationToken(r.creationToken())
                    .lifeCycleState(LifeCycleState.CREATING).tags(r.tags()).build();
            fileSystems.add(f);
            return CreateFileSystemResponse.builder().fileSystemId(f.fileSystemId()).build();
        }

        @Override
        public DeleteFileSystemResponse deleteFileSystem(DeleteFileSystemRequest r) {
            calls.add("DeleteFileSystem " + r.fileSystemId());
            if (deleteFails) throw KindFixture.<EfsException>error(EfsException.builder(), 409, "FileSystemInUse");
            if (!fileSystems.removeIf(f -> f.fileSystemId().equals(r.fileSystemId()))) throw notFound("FileSystemNotFound");
            return DeleteFileSystemResponse.builder().build();
        }

        @Override
        public DescribeMountTargetsResponse describeMountTargets(DescribeMountTargetsRequest r) {
            List<MountTargetDescription> seen = targets.stream().filter(m -> (r.fileSystemId() == null || m.fileSystemId().equals(r.fileSystemId()))
                    && (r.mountTargetId() == null || m.mountTargetId().equals(r.mountTargetId()))).toList();
            if (r.mountTargetId() != null && seen.isEmpty()) throw notFound("MountTargetNotFound");
            // what was seen settles: a new target is available, a deleted one gone, at the next look
            targets.removeIf(m -> m.lifeCycleState() == LifeCycleState.DELETING);
            targets.replaceAll(m -> m.lifeCycleState() == LifeCycleState.CREATING ? m.toBuilder().lifeCycleState(LifeCycleState.AVAILABLE).build() : m);
            return DescribeMountTargetsResponse.builder().mountTargets(seen).build();
        }

        @Override
        public CreateMountTargetResponse createMountTarget(CreateMountTargetRequest r) {
            calls.add("CreateMountTarget " + r.fileSystemId() + " " + r.subnetId() + " " + r.securityGroups());
            MountTargetDescription m = MountTargetDescription.builder().mountTargetId("fsmt-" + (targets.size() + 1)).fileSystemId(r.fileSystemId())
                    .subnetId(r.subnetId()).lifeCycleState(LifeCycleState.CREATING).build();
            targets.add(m);
            return CreateMountTargetResponse.builder().mountTargetId(m.mountTargetId()).build();
        }

        @Override
        public DeleteMountTargetResponse deleteMountTarget(DeleteMountTargetRequest r) {
            calls.add("DeleteMountTarget " + r.mountTargetId());
            if (targets.stream().noneMatch(m -> m.mountTargetId().equals(r.mountTargetId()))) throw notFound("MountTargetNotFound");
            targets.replaceAll(m -> m.mountTargetId().equals(r.mountTargetId()) ? m.toBuilder().lifeCycleState(LifeCycleState.DELETING).build() : m);
            return DeleteMountTargetResponse.builder().build();
        }
    }

    final FakeEfs efs = new FakeEfs();
    KindFixture fixture;
    static final Spec.EfsFileSystem FS = new Spec.EfsFileSystem("katonic-prod-shared", true);
    static final Spec.EfsMountTarget TARGET = new Spec.EfsMountTarget(new Ref("efs"), new Ref("subnet-private-a"), new Ref("sg-efs"));

    StepContext fileSystem() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(EfsClient.class, efs));
        return fixture.step("efs", FS);
    }

    static FileSystemDescription tagged(String id, String token, String cluster) {
        return FileSystemDescription.builder().fileSystemId(id).creationToken(token).lifeCycleState(LifeCycleState.AVAILABLE)
                .tags(Tag.builder().key("kpc:cluster").value(cluster).build(), Tag.builder().key("kpc:resource").value("efs").build()).build();
    }

    @Test
    void madeEncryptedWithTheInstallsTokenAndKpcsTagsAndWaitedFor() {
        StepContext ctx = fileSystem();
        EfsFileSystemHandler h = new EfsFileSystemHandler();
        assertThat(h.observe(ctx, FS)).isEmpty();
        assertThat(h.create(ctx, FS).awsId()).isEqualTo("fs-1");
        assertThat(efs.calls).containsExactly("CreateFileSystem token " + ctx.clientToken() + " encrypted true");
        assertThat(efs.fileSystems.get(0).lifeCycleState()).isEqualTo(LifeCycleState.AVAILABLE);
        assertThat(efs.fileSystems.get(0).tags()).contains(Tag.builder().key("kpc:cluster").value("katonic-prod").build(),
                Tag.builder().key("kpc:resource").value("efs").build(), Tag.builder().key("Name").value("katonic-prod-shared").build());
        // a run whose create's answer was lost: the same token answers FileSystemAlreadyExists, and the one made is found by it
        assertThat(h.create(ctx, FS).awsId()).isEqualTo("fs-1");
        assertThat(efs.fileSystems).hasSize(1);
    }

    @Test
    void withStateLostFoundByBothOfKpcsTagsNeverByAnotherClusters() {
        efs.fileSystems.add(tagged("fs-staging", "another-install", "staging"));
        StepContext ctx = fileSystem();
        EfsFileSystemHandler h = new EfsFileSystemHandler();
        assertThat(h.observe(ctx, FS)).isEmpty();
        efs.fileSystems.add(tagged("fs-mine", "an-earlier-install", "katonic-prod"));
        assertThat(h.observe(ctx, FS)).map(Live::awsId).contains("fs-mine");
    }

    @Test
    void deletingOneAlreadyGoneSucceedsAndOtherErrorsAreNotSwallowed() {
        StepContext ctx = fileSystem();
        new EfsFileSystemHandler().delete(ctx, FS, Live.of("fs-gone"));
        efs.deleteFails = true;
        assertThatThrownBy(() -> new EfsFileSystemHandler().delete(ctx, FS, Live.of("fs-1"))).isInstanceOf(EfsException.class);
    }

    StepContext mountTarget() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(EfsClient.class, efs));
        fixture.state.created("efs", "efs_file_system", "fs-1", Map.of(), Map.of());
        fixture.state.created("subnet-private-a", "subnet", "subnet-a", Map.of(), Map.of());
        fixture.state.created("sg-efs", "security_group", "sg-1", Map.of(), Map.of());
        return fixture.step("efs-mount-target-a", TARGET);
    }

    @Test
    void aMountTargetIsOnePerSubnetOfTheClustersFileSystemAndItsDeletionWaitsUntilItIsGone() {
        efs.targets.add(MountTargetDescription.builder().mountTargetId("fsmt-other").fileSystemId("fs-1").subnetId("subnet-b")
                .lifeCycleState(LifeCycleState.AVAILABLE).build());
        StepContext ctx = mountTarget();
        EfsMountTargetHandler h = new EfsMountTargetHandler();
        assertThat(h.observe(ctx, TARGET)).as("another subnet's target is not this one").isEmpty();
        Live made = h.create(ctx, TARGET);
        assertThat(efs.calls).containsExactly("CreateMountTarget fs-1 subnet-a [sg-1]");
        assertThat(h.observe(ctx, TARGET)).map(Live::awsId).contains(made.awsId());
        h.delete(ctx, TARGET, made);
        assertThat(efs.targets).extracting(MountTargetDescription::mountTargetId).containsExactly("fsmt-other");
        h.delete(ctx, TARGET, made); // already gone: done
        assertThat(efs.calls).endsWith("DeleteMountTarget " + made.awsId());
    }
}
