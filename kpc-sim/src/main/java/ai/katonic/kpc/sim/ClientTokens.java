package ai.katonic.kpc.sim;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Client tokens as AWS keeps them, which moto mostly does not: a create with a token AWS has seen
 * answers with the resource that token made (also after that resource was deleted, for as long as
 * the service remembers: ACM one hour, EC2 at least 24 hours after termination, EKS kept here for
 * the simulator's life), and the same token with other parameters is refused
 * (IdempotentParameterMismatch in EC2). So a reinstall that reuses an earlier install's tokens
 * fails here as it would on AWS.
 */
public final class ClientTokens implements Behaviour {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A create call with a token: which parameter holds it, and how long the service keeps it. */
    private record Kind(String tokenField, Duration lifetime) {}

    private static final Duration FOREVER = Duration.ofDays(36500);
    private static final Map<String, Kind> KINDS = Map.of(
            "ec2:RunInstances", new Kind("ClientToken", FOREVER),
            "ec2:CreateNatGateway", new Kind("ClientToken", FOREVER),
            "ec2:CreateVpcEndpoint", new Kind("ClientToken", FOREVER),
            "ec2:CreateLaunchTemplate", new Kind("ClientToken", FOREVER),
            "eks:CreateCluster", new Kind("clientRequestToken", FOREVER),
            "eks:CreateNodegroup", new Kind("clientRequestToken", FOREVER),
            "eks:CreateAddon", new Kind("clientRequestToken", FOREVER),
            "acm:RequestCertificate", new Kind("IdempotencyToken", Duration.ofHours(1)),
            "elasticfilesystem:CreateAccessPoint", new Kind("ClientToken", FOREVER));

    /** What a token made: the call's parameters without the token, and the answer AWS gave. */
    private record Seen(String parameters, Reply reply, long at) {}

    private final Map<String, Seen> seen = new ConcurrentHashMap<>();

    @Override
    public Optional<Reply> before(AwsCall call) {
        Kind kind = KINDS.get(call.iamAction());
        if (kind == null) return Optional.empty();
        String token = token(call, kind);
        if (token == null) return Optional.empty();
        Seen s = seen.get(key(call, token));
        if (s == null || System.nanoTime() - s.at() > kind.lifetime().toNanos()) return Optional.empty();
        if (s.parameters().equals(parameters(call, kind))) return Optional.of(s.reply());
        String code = call.service().equals("ec2") ? "IdempotentParameterMismatch" : "InvalidParameterException";
        return Optional.of(Reply.of(new AwsError(400, code, "The client token " + token
                + " was already used for a request with other parameters").render(call.protocol())));
    }

    @Override
    public void answered(AwsCall call, Reply reply) {
        Kind kind = KINDS.get(call.iamAction());
        if (kind == null || !reply.ok() || reply.reset()) return;
        String token = token(call, kind);
        if (token != null) seen.putIfAbsent(key(call, token), new Seen(parameters(call, kind), reply, System.nanoTime()));
    }

    private static String key(AwsCall call, String token) {
        return call.region() + " " + call.iamAction() + " " + token;
    }

    private static String token(AwsCall call, Kind kind) {
        if (call.protocol() == AwsCall.Protocol.EC2_QUERY || call.protocol() == AwsCall.Protocol.QUERY) {
            String t = call.params().get(kind.tokenField());
            return t == null || t.isEmpty() ? null : t;
        }
        JsonNode body = json(call.body());
        return body.hasNonNull(kind.tokenField()) ? body.get(kind.tokenField()).asString() : null;
    }

    /** The request's parameters in a canonical form, the token left out. */
    private static String parameters(AwsCall call, Kind kind) {
        if (call.protocol() == AwsCall.Protocol.EC2_QUERY || call.protocol() == AwsCall.Protocol.QUERY) {
            Map<String, String> p = new TreeMap<>(call.params());
            p.remove(kind.tokenField());
            return call.path() + " " + p;
        }
        JsonNode body = json(call.body());
        if (body instanceof ObjectNode o) o.remove(kind.tokenField());
        return call.path() + " " + canonical(body);
    }

    private static String canonical(JsonNode n) {
        if (n instanceof ObjectNode o) {
            StringBuilder sb = new StringBuilder("{");
            new TreeMap<String, JsonNode>(toMap(o)).forEach((k, v) -> sb.append(k).append(':').append(canonical(v)).append(','));
            return sb.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            n.forEach(v -> sb.append(canonical(v)).append(','));
            return sb.append(']').toString();
        }
        return n.toString();
    }

    private static Map<String, JsonNode> toMap(ObjectNode o) {
        Map<String, JsonNode> m = new TreeMap<>();
        o.propertyNames().forEach(f -> m.put(f, o.get(f)));
        return m;
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body == null || body.isEmpty() ? "{}" : body);
        } catch (Exception e) {
            return JSON.createObjectNode();
        }
    }
}
