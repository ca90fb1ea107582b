package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.aws.AwsClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The data a running platform leaves in the account, outside kpc's graph: EBS volumes the CSI driver
 * made for PersistentVolumeClaims (tags {@code ebs.csi.aws.com/cluster=true} and
 * {@code kubernetes.io/cluster/<name>=owned}) and the EBS snapshots Velero took of them (which carry
 * the volume's tags and {@code velero.io/backup}). Destroy lists them with their sizes in its plan,
 * deletes the volumes once the cluster is gone (nothing can mount them then), and the snapshots only
 * with {@code --delete-backups}. Only what carries this cluster's tag, checked on the answer, is touched.
 */
public final class PersistentVolumes {
    private PersistentVolumes() {}

    /** One volume or snapshot: what it is, its size in GiB, and the claim or backup it holds. */
    public record Data(String kind, String id, int sizeGib, String holds) {
        public String line() {
            return kind + " " + id + " (" + sizeGib + " GiB, " + holds + ")";
        }
    }

    public static List<String> actions() {
        return List.of("ec2:DescribeVolumes", "ec2:DeleteVolume", "ec2:DescribeSnapshots", "ec2:DeleteSnapshot");
    }

    private static String clusterTag(String cluster) {
        return "kubernetes.io/cluster/" + cluster;
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> m = new java.util.HashMap<>();
        tags.forEach(t -> m.put(t.key(), t.value()));
        return m;
    }

    /** The volumes the CSI driver made for this cluster's claims, not yet deleted. */
    public static List<Data> volumes(AwsClients aws, String cluster) {
        Filter f = Filter.builder().name("tag:" + clusterTag(cluster)).values("owned").build();
        return aws.ec2().describeVolumesPaginator(r -> r.filters(f)).volumes().stream()
                .filter(v -> isClusters(cluster, tags(v.tags())) && "true".equals(tags(v.tags()).get("ebs.csi.aws.com/cluster")))
                .filter(v -> !"deleting".equals(v.stateAsString()) && !"deleted".equals(v.stateAsString()))
                .map(v -> new Data("ebs_volume", v.volumeId(), v.size(), claim(tags(v.tags())))).toList();
    }

    /** Velero's snapshots of this cluster's volumes (in this account). */
    public static List<Data> snapshots(AwsClients aws, String cluster) {
        Filter f = Filter.builder().name("tag:" + clusterTag(cluster)).values("owned").build();
        return aws.ec2().describeSnapshotsPaginator(r -> r.ownerIds("self").filters(f)).snapshots().stream()
                .filter(s -> isClusters(cluster, tags(s.tags())) && tags(s.tags()).containsKey("velero.io/backup"))
                .map(s -> new Data("ebs_snapshot", s.snapshotId(), s.volumeSize(), "backup " + tags(s.tags()).get("velero.io/backup")))
                .toList();
    }

    private static boolean isClusters(String cluster, Map<String, String> tags) {
        return "owned".equals(tags.get(clusterTag(cluster)));
    }

    private static String claim(Map<String, String> tags) {
        String pvc = tags.get("kubernetes.io/created-for/pvc/name");
        String ns = tags.get("kubernetes.io/created-for/pvc/namespace");
        if (pvc != null) return "claim " + (ns == null ? "" : ns + "/") + pvc;
        return tags.containsKey("CSIVolumeName") ? "volume " + tags.get("CSIVolumeName") : "a claim's volume";
    }

    /** Deletes them (volumes still detaching are waited for, up to five minutes); gone already is fine. */
    public static void delete(AwsClients aws, List<Data> data, Consumer<String> progress, ai.katonic.kpc.runtime.TimeScale scale) {
        for (Data d : data) {
            Ec2Calls.deleteIgnoringNotFound(progress, scale, d.id(), () -> {
                if (d.kind().equals("ebs_volume")) aws.ec2().deleteVolume(r -> r.volumeId(d.id()));
                else aws.ec2().deleteSnapshot(r -> r.snapshotId(d.id()));
            }, java.util.Set.of("VolumeInUse", "InvalidSnapshot.InUse"), Duration.ofMinutes(5));
            progress.accept("deleted " + d.line());
        }
    }
}
