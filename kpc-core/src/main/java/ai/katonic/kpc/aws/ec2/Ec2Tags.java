package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.engine.StepContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import ai.katonic.kpc.engine.Live;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Tags in the create call itself (so nothing untagged ever exists) and the filters that find them again. */
final class Ec2Tags {
    private Ec2Tags() {}

    static List<Tag> tags(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    static TagSpecification spec(StepContext ctx, ResourceType type, Map<String, String> extra) {
        Map<String, String> all = new java.util.LinkedHashMap<>(ctx.tags());
        all.putAll(extra);
        return TagSpecification.builder().resourceType(type).tags(tags(all)).build();
    }

    static TagSpecification spec(StepContext ctx, ResourceType type) {
        return spec(ctx, type, Map.of("Name", ctx.clusterName() + "-" + ctx.resourceId()));
    }

    /** Filters matching exactly this resource of this cluster. */
    static List<Filter> mine(StepContext ctx) {
        return List.of(
                Filter.builder().name("tag:" + ClusterConfig.OWNER_TAG).values(ctx.clusterName()).build(),
                Filter.builder().name("tag:" + StepContext.RESOURCE_TAG).values(ctx.resourceId()).build());
    }

    static Filter cluster(String clusterName) {
        return Filter.builder().name("tag:" + ClusterConfig.OWNER_TAG).values(clusterName).build();
    }

    /** Whether these tags say the resource is this cluster's {@code resourceId} (both kpc tags, on the answer). */
    static boolean isMine(String cluster, String resourceId, List<Tag> tags) {
        return has(tags, ClusterConfig.OWNER_TAG, cluster) && has(tags, StepContext.RESOURCE_TAG, resourceId);
    }

    /** Whether these tags say the resource is this cluster's. */
    static boolean isCluster(String cluster, List<Tag> tags) {
        return has(tags, ClusterConfig.OWNER_TAG, cluster);
    }

    /**
     * For what EC2 finds by name (key pairs, launch templates): one of the name that is not this cluster's is
     * refused, saying what kpc will not do with it.
     */
    static void requireCluster(StepContext ctx, String what, List<Tag> tags, String refusal) {
        if (!isCluster(ctx.clusterName(), tags)) {
            throw new ai.katonic.kpc.errors.KpcException.OperationFailed(ctx.resourceId() + ": " + what + " already exists and is not tagged "
                    + ClusterConfig.OWNER_TAG + "=" + ctx.clusterName() + "; " + refusal);
        }
    }

    private static boolean has(List<Tag> tags, String key, String value) {
        return tags.stream().anyMatch(t -> t.key().equals(key) && t.value().equals(value));
    }

    /**
     * Resources found by one cluster-wide describe, keyed by their kpc:resource tag: only those that carry
     * this cluster's tag in the answer, whatever filter was sent.
     */
    /** Destroy's last look for one EC2 kind: {@code "<type> <id>"} for each of {@code found} this cluster's tag is on (on the answer, not trusted to the filter). */
    static <T> List<String> leftovers(String type, String cluster, java.util.stream.Stream<T> found, Function<T, List<Tag>> tags,
                                      Function<T, String> id) {
        return found.filter(t -> isCluster(cluster, tags.apply(t))).map(t -> type + " " + id.apply(t)).toList();
    }

    static <T> Map<String, Live> byResource(String cluster, List<T> found, Function<T, List<Tag>> tags, Function<T, Live> live) {
        Map<String, Live> out = new java.util.HashMap<>();
        for (T t : found) {
            if (!has(tags.apply(t), ClusterConfig.OWNER_TAG, cluster)) continue;
            tags.apply(t).stream().filter(tag -> tag.key().equals(StepContext.RESOURCE_TAG)).findFirst()
                    .ifPresent(tag -> out.putIfAbsent(tag.value(), live.apply(t)));
        }
        return out;
    }

    static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }
}
