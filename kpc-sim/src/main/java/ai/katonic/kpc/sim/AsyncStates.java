package ai.katonic.kpc.sim;

import ai.katonic.kpc.engine.LatencyProfile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The asynchronous life of AWS resources, which moto skips: after a create call a resource stays
 * in its transitional state (CREATING, pending, creating) for its modeled time, and after a
 * delete it stays DELETING / shutting-down for its modeled time, visible to describes, holding
 * its subnet and parent. Also the ordering rules AWS enforces on that basis: no subnet deleted
 * while something in it is still there, no cluster deleted while it has node groups, no file
 * system deleted while it has mount targets, no node group on a cluster that is not ACTIVE.
 */
public final class AsyncStates implements Behaviour {
    enum Phase { CREATING, READY, DELETING, GONE }

    private static final class Tracked {
        final String kind;
        final String id;
        final String parent;
        final Set<String> subnets;
        final long createdAt = System.nanoTime();
        volatile long deletedAt = -1;

        Tracked(String kind, String id, String parent, Set<String> subnets) {
            this.kind = kind;
            this.id = id;
            this.parent = parent;
            this.subnets = subnets;
        }
    }

    private static final Pattern CLUSTER = Pattern.compile("/clusters/([^/]+)");
    private static final Pattern NODEGROUP = Pattern.compile("/clusters/([^/]+)/node-groups/([^/]+)");
    private static final Pattern EFS_ITEM = Pattern.compile("/2015-02-01/(file-systems|mount-targets)/([^/]+)");

    private final LatencyProfile profile;
    private final Map<String, Tracked> tracked = new ConcurrentHashMap<>();
    /** The NAT gateway each Elastic IP serves: EC2 frees the address only once the gateway is deleted. */
    private final Map<String, String> natOfAddress = new ConcurrentHashMap<>();
    /** The last good answer of each EKS/EFS describe, replayed while the resource is being deleted. */
    private final Map<String, byte[]> lastSeen = new ConcurrentHashMap<>();

    public AsyncStates(LatencyProfile profile) {
        this.profile = profile;
    }

    private Phase phase(Tracked t) {
        long now = System.nanoTime();
        if (t.deletedAt >= 0) return now - t.deletedAt < profile.delete(t.kind).toNanos() ? Phase.DELETING : Phase.GONE;
        return now - t.createdAt < profile.create(t.kind).toNanos() ? Phase.CREATING : Phase.READY;
    }

    private Phase phaseOf(String kind, String id) {
        Tracked t = tracked.get(kind + ":" + id);
        return t == null ? Phase.READY : phase(t);
    }

    private void track(String kind, String id, String parent, Set<String> subnets) {
        tracked.putIfAbsent(kind + ":" + id, new Tracked(kind, id, parent, subnets));
    }

    private void deleted(String kind, String id) {
        Tracked t = tracked.get(kind + ":" + id);
        if (t != null && t.deletedAt < 0) t.deletedAt = System.nanoTime();
    }

    private boolean anyPresent(java.util.function.Predicate<Tracked> which) {
        return tracked.values().stream().filter(which).anyMatch(t -> phase(t) != Phase.GONE);
    }

    // ---- ordering rules ---------------------------------------------------------------------------

    @Override
    public Optional<Reply> before(AwsCall call) {
        String a = call.action();
        if (call.service().equals("ec2") && a.equals("DeleteSubnet")) {
            String subnet = call.params().get("SubnetId");
            if (anyPresent(t -> t.subnets.contains(subnet))) {
                return refuse(call, 400, "DependencyViolation", "The subnet '" + subnet + "' has dependencies and cannot be deleted.");
            }
        }
        if (call.service().equals("ec2") && a.equals("ReleaseAddress")) {
            String nat = natOfAddress.get(call.params().getOrDefault("AllocationId", ""));
            if (nat != null && phaseOf("nat_gateway", nat) != Phase.GONE) {
                return refuse(call, 400, "InvalidIPAddress.InUse", "Address " + call.params().get("AllocationId")
                        + " is in use by NAT gateway " + nat + ".");
            }
        }
        if (call.service().equals("eks")) {
            Matcher cl = CLUSTER.matcher(call.path());
            if (call.method().equals("DELETE") && cl.matches()) {
                String name = cl.group(1);
                if (anyPresent(t -> t.kind.equals("eks_nodegroup") && name.equals(t.parent))) {
                    return refuse(call, 409, "ResourceInUseException", "Cluster has nodegroups attached");
                }
            }
            if (call.method().equals("POST") && call.path().matches("/clusters/[^/]+/node-groups") && cl.find()
                    && phaseOf("eks_cluster", cl.group(1)) == Phase.CREATING) {
                return refuse(call, 400, "InvalidRequestException", "Cluster '" + cl.group(1) + "' is not in ACTIVE status");
            }
        }
        if (call.service().equals("elasticfilesystem") && call.method().equals("DELETE")) {
            Matcher m = EFS_ITEM.matcher(call.path());
            if (m.matches() && m.group(1).equals("file-systems")
                    && anyPresent(t -> t.kind.equals("efs_mount_target") && m.group(2).equals(t.parent))) {
                return refuse(call, 409, "FileSystemInUse", "File system '" + m.group(2) + "' has mount targets created in it.");
            }
        }
        return Optional.empty();
    }

    private static Optional<Reply> refuse(AwsCall call, int status, String code, String message) {
        return Optional.of(Reply.of(new AwsError(status, code, message).render(call.protocol())));
    }

    // ---- state rewriting ----------------------------------------------------------------------------

    @Override
    public Reply after(AwsCall call, Reply reply) {
        return switch (call.service()) {
            case "eks" -> eks(call, reply);
            case "elasticfilesystem" -> efs(call, reply);
            case "ec2" -> ec2(call, reply);
            default -> reply;
        };
    }

    private Reply eks(AwsCall call, Reply reply) {
        Matcher ng = NODEGROUP.matcher(call.path());
        Matcher cl = CLUSTER.matcher(call.path());
        String kind;
        String id;
        String field;
        if (ng.matches()) {
            kind = "eks_nodegroup";
            id = ng.group(1) + "/" + ng.group(2);
            field = "nodegroup";
        } else if (cl.matches()) {
            kind = "eks_cluster";
            id = cl.group(1);
            field = "cluster";
        } else if (call.method().equals("POST") && reply.ok() && (call.path().equals("/clusters") || call.path().endsWith("/node-groups"))) {
            JsonNode body = WireEdit.json(reply.body());
            boolean isCluster = call.path().equals("/clusters");
            JsonNode obj = body == null ? null : body.get(isCluster ? "cluster" : "nodegroup");
            if (obj == null) return reply;
            String name = isCluster ? obj.path("name").asString() : obj.path("clusterName").asString() + "/" + obj.path("nodegroupName").asString();
            track(isCluster ? "eks_cluster" : "eks_nodegroup", name, isCluster ? null : obj.path("clusterName").asString(),
                    isCluster ? Set.of() : Set.of());
            ((ObjectNode) obj).put("status", "CREATING");
            return reply.withBody(WireEdit.bytes(body));
        } else {
            return reply;
        }
        if (call.method().equals("DELETE") && reply.ok()) deleted(kind, id);
        Tracked t = tracked.get(kind + ":" + id);
        if (t == null) return reply;
        Phase p = phase(t);
        if (reply.ok()) {
            lastSeen.put(call.path(), reply.body());
            JsonNode body = WireEdit.json(reply.body());
            if (body != null && body.get(field) instanceof ObjectNode o && (p == Phase.CREATING || p == Phase.DELETING)) {
                o.put("status", p == Phase.CREATING ? "CREATING" : "DELETING");
                return reply.withBody(WireEdit.bytes(body));
            }
        } else if (reply.status() == 404 && p == Phase.DELETING && lastSeen.containsKey(call.path())) {
            JsonNode body = WireEdit.json(lastSeen.get(call.path()));
            if (body != null && body.get(field) instanceof ObjectNode o) {
                o.put("status", "DELETING");
                return reply.withStatus(200, WireEdit.bytes(body));
            }
        }
        return reply;
    }

    private Reply efs(AwsCall call, Reply reply) {
        boolean mounts = call.path().startsWith("/2015-02-01/mount-targets");
        boolean fss = call.path().startsWith("/2015-02-01/file-systems");
        if (!mounts && !fss) return reply;
        String kind = mounts ? "efs_mount_target" : "efs_file_system";
        String idField = mounts ? "MountTargetId" : "FileSystemId";
        Matcher item = EFS_ITEM.matcher(call.path());
        if (call.method().equals("DELETE") && item.matches() && reply.ok()) {
            deleted(kind, item.group(2));
            return reply;
        }
        String key = call.path() + "?" + call.params();
        if (call.method().equals("POST") && reply.ok()) {
            JsonNode body = WireEdit.json(reply.body());
            if (body == null || !body.has(idField)) return reply;
            String subnet = body.path("SubnetId").asString(null);
            track(kind, body.get(idField).asString(), mounts ? body.path("FileSystemId").asString() : null,
                    subnet == null ? Set.of() : Set.of(subnet));
            ((ObjectNode) body).put("LifeCycleState", "creating");
            return reply.withBody(WireEdit.bytes(body));
        }
        if (!call.method().equals("GET")) return reply;
        if (reply.ok()) {
            lastSeen.put(key, reply.body());
            JsonNode body = WireEdit.json(reply.body());
            boolean[] changed = {false};
            WireEdit.eachObject(body, idField, (o, id) -> {
                Phase p = phaseOf(kind, id);
                if (p == Phase.CREATING || p == Phase.DELETING) {
                    o.put("LifeCycleState", p == Phase.CREATING ? "creating" : "deleting");
                    changed[0] = true;
                }
            });
            return changed[0] ? reply.withBody(WireEdit.bytes(body)) : reply;
        }
        if (reply.status() == 404 && lastSeen.containsKey(key)) {
            JsonNode body = WireEdit.json(lastSeen.get(key));
            boolean[] deleting = {false};
            WireEdit.eachObject(body, idField, (o, id) -> {
                if (phaseOf(kind, id) == Phase.DELETING) {
                    o.put("LifeCycleState", "deleting");
                    deleting[0] = true;
                }
            });
            if (deleting[0]) return reply.withStatus(200, WireEdit.bytes(body));
        }
        return reply;
    }

    private Reply ec2(AwsCall call, Reply reply) {
        if (!reply.ok()) return reply;
        Map<String, String> p = call.params();
        switch (call.action()) {
            case "CreateNatGateway" -> {
                Reply r = created(reply, "nat_gateway", "natGatewayId", Set.of(p.getOrDefault("SubnetId", "")), "state", "pending");
                String allocation = p.get("AllocationId");
                Document doc = WireEdit.xml(reply.body());
                if (allocation != null && doc != null) WireEdit.eachItem(doc, "natGatewayId", (item, id) -> natOfAddress.put(allocation, id));
                return r;
            }
            case "RunInstances" -> {
                return created(reply, "instance", "instanceId", Set.of(p.getOrDefault("SubnetId", "")), null, null);
            }
            case "CreateVpcEndpoint" -> {
                boolean iface = "Interface".equalsIgnoreCase(p.get("VpcEndpointType"));
                Set<String> subnets = new java.util.HashSet<>();
                p.forEach((k, v) -> { if (k.startsWith("SubnetId.")) subnets.add(v); });
                return created(reply, iface ? "vpc_endpoint_interface" : "vpc_endpoint_gateway", "vpcEndpointId", subnets, "state", "pending");
            }
            case "DeleteNatGateway" -> deleted("nat_gateway", p.get("NatGatewayId"));
            case "TerminateInstances" -> p.forEach((k, v) -> { if (k.startsWith("InstanceId.")) deleted("instance", v); });
            case "DeleteVpcEndpoints" -> p.forEach((k, v) -> {
                if (k.startsWith("VpcEndpointId.")) {
                    deleted("vpc_endpoint_interface", v);
                    deleted("vpc_endpoint_gateway", v);
                }
            });
            case "DescribeNatGateways" -> {
                return rewriteXml(reply, "natGatewayId", (item, id) -> stateOf(item, phaseOf("nat_gateway", id), "pending", "deleting"));
            }
            case "DescribeVpcEndpoints" -> {
                return rewriteXml(reply, "vpcEndpointId", (item, id) -> {
                    Phase ph = phaseOf("vpc_endpoint_interface", id);
                    if (ph == Phase.READY) ph = phaseOf("vpc_endpoint_gateway", id);
                    return stateOf(item, ph, "pending", "deleting");
                });
            }
            case "DescribeInstances" -> {
                return rewriteXml(reply, "instanceId", (item, id) -> {
                    Phase ph = phaseOf("instance", id);
                    Element state = WireEdit.child(item, "instanceState");
                    if (state == null || (ph != Phase.CREATING && ph != Phase.DELETING)) return false;
                    WireEdit.setChild(state, "code", ph == Phase.CREATING ? "0" : "32");
                    WireEdit.setChild(state, "name", ph == Phase.CREATING ? "pending" : "shutting-down");
                    return true;
                });
            }
            default -> { }
        }
        return reply;
    }

    private Reply created(Reply reply, String kind, String idTag, Set<String> subnets, String stateTag, String state) {
        Document doc = WireEdit.xml(reply.body());
        if (doc == null) return reply;
        WireEdit.eachItem(doc, idTag, (item, id) -> {
            track(kind, id, null, subnets);
            if (stateTag != null) WireEdit.setChild(item, stateTag, state);
        });
        return reply.withBody(WireEdit.bytes(doc));
    }

    private static boolean stateOf(Element item, Phase p, String creating, String deleting) {
        if (p != Phase.CREATING && p != Phase.DELETING) return false;
        WireEdit.setChild(item, "state", p == Phase.CREATING ? creating : deleting);
        return true;
    }

    private Reply rewriteXml(Reply reply, String idTag, java.util.function.BiFunction<Element, String, Boolean> edit) {
        if (tracked.isEmpty()) return reply;
        Document doc = WireEdit.xml(reply.body());
        if (doc == null) return reply;
        boolean[] changed = {false};
        WireEdit.eachItem(doc, idTag, (item, id) -> changed[0] |= edit.apply(item, id));
        return changed[0] ? reply.withBody(WireEdit.bytes(doc)) : reply;
    }
}
