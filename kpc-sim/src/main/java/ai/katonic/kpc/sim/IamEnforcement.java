package ai.katonic.kpc.sim;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * IAM enforcement where moto has none. moto (with its auth switched on) checks the caller's
 * policies for the query services and EKS, but lets every EFS call through, names several S3
 * calls differently from AWS, checks no dependent action (iam:PassRole, tag-on-create), and
 * Service Quotas is answered by this proxy, not moto. For the services given, and for every
 * call's dependent actions, this behaviour looks up the caller's inline user policies in moto's
 * IAM (as an administrator) and refuses what they do not allow, the way moto itself evaluates:
 * actions and explicit denies, not resources or conditions.
 * It also gives moto's own denials of REST-JSON calls the JSON shape the real services answer in
 * (moto sends them as query-style XML, which the SDK cannot read).
 */
public final class IamEnforcement implements Behaviour, AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern XML_MESSAGE = Pattern.compile("<Message>([^<]*)</Message>");

    private final URI motoEndpoint;
    private volatile IamClient admin;
    private final Set<String> services;
    private volatile boolean on;

    /**
     * {@code services}: the IAM service prefixes (or single {@code service:Action}s, such as the
     * EKS add-on calls this proxy answers itself) to enforce here; moto enforces the others.
     */
    public IamEnforcement(String motoEndpoint, String adminKey, String adminSecret, Set<String> services) {
        this.motoEndpoint = URI.create(motoEndpoint);
        this.services = Set.copyOf(services);
        admin(adminKey, adminSecret);
    }

    /** Uses another administrator's keys to read policies (after moto was reset, say). */
    public IamEnforcement admin(String adminKey, String adminSecret) {
        IamClient previous = admin;
        if (previous != null) previous.close();
        admin = IamClient.builder().region(Region.AWS_GLOBAL).endpointOverride(motoEndpoint)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(adminKey, adminSecret))).build();
        return this;
    }

    @Override
    public void close() {
        IamClient c = admin;
        if (c != null) c.close();
    }

    /** Starts refusing; call it when moto's own enforcement is switched on, so both start together. */
    public IamEnforcement enable() {
        on = true;
        return this;
    }

    @Override
    public Optional<Reply> before(AwsCall call) {
        if (call.service().equals("iam") && call.action().equals("SimulatePrincipalPolicy")) return Optional.of(simulate(call));
        if (!on) return Optional.empty();
        List<String> checked = new ArrayList<>(DependentActions.of(call));
        if (services.contains(call.service()) || services.contains(call.iamAction())) checked.add(0, call.iamAction());
        if (checked.isEmpty() || call.accessKey().isEmpty()) return Optional.empty();
        return refuse(call, checked);
    }

    /** An AccessDenied in the call's protocol for the first of {@code checked} the caller may not do, if any. */
    private Optional<Reply> refuse(AwsCall call, List<String> checked) {
        Caller caller = callers.computeIfAbsent(call.accessKey(), this::lookUp);
        String user = caller.user();
        List<String> documents = caller.documents();
        for (String action : checked) {
            if (allows(documents, action)) continue;
            String code = switch (call.protocol()) {
                case EC2_QUERY -> "UnauthorizedOperation";
                case QUERY, REST_XML -> "AccessDenied";
                default -> "AccessDeniedException";
            };
            return Optional.of(Reply.of(new AwsError(403, code, "User: arn:aws:iam::123456789012:user/" + user
                    + " is not authorized to perform: " + action).render(call.protocol())));
        }
        return Optional.empty();
    }

    /**
     * moto answers its denials in the EC2 shape ({@code <Errors><Error>}) whatever the service:
     * the SDKs of query (IAM, ELB) and JSON services (EKS, SSM) then read no code at all. Here they
     * get the shape and code the real service sends.
     */
    @Override
    public Reply after(AwsCall call, Reply reply) {
        if (reply.status() != 403) return reply;
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        String code = switch (call.protocol()) {
            case QUERY -> body.contains("<Errors>") ? "AccessDenied" : null;
            case REST_JSON, JSON -> body.stripLeading().startsWith("<") ? "AccessDeniedException" : null;
            default -> null;
        };
        if (code == null) return reply;
        Matcher m = XML_MESSAGE.matcher(body);
        String message = m.find() ? m.group(1) : "Access denied";
        return Reply.of(new AwsError(403, code, message).render(call.protocol()));
    }

    /**
     * IAM's policy simulator, which moto answers with a 500: each action on each resource of the
     * request, decided by the principal's inline user policies as {@link #allows} decides (actions
     * and explicit denies; resources and context keys do not change the answer).
     */
    /** The user name moto gives every caller whose keys are not an IAM user's. */
    static final String MOTO_IDENTITY = "moto";

    private Reply simulate(AwsCall call) {
        if (on) {
            Optional<Reply> refused = refuse(call, List.of("iam:SimulatePrincipalPolicy"));
            if (refused.isPresent()) return refused.get();
        }
        String source = call.params().getOrDefault("PolicySourceArn", "");
        if (!source.matches("arn:aws[a-z-]*:iam::\\d{12}:user/.+")) {
            return Reply.of(new AwsError(400, "InvalidInput", "the simulator of kpc's test cloud knows IAM users only, not " + source)
                    .render(call.protocol()));
        }
        String user = source.substring(source.lastIndexOf('/') + 1);
        List<String> documents;
        try {
            documents = documentsOf(user);
        } catch (software.amazon.awssdk.services.iam.model.NoSuchEntityException e) {
            // moto's built-in identity (what unknown keys such as the simulator's own act as) is no IAM
            // user: moto lets it do everything, so it is simulated as an administrator.
            if (user.equals(MOTO_IDENTITY)) {
                documents = List.of("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}");
            } else {
                return Reply.of(new AwsError(404, "NoSuchEntity", "The user with name " + user + " cannot be found.").render(call.protocol()));
            }
        }
        List<String> actions = members(call, "ActionNames");
        List<String> resources = members(call, "ResourceArns");
        if (resources.isEmpty()) resources = List.of("*");
        StringBuilder xml = new StringBuilder("<SimulatePrincipalPolicyResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
                + "<SimulatePrincipalPolicyResult><IsTruncated>false</IsTruncated><EvaluationResults>");
        for (String action : actions) {
            for (String resource : resources) {
                xml.append("<member><EvalActionName>").append(action).append("</EvalActionName><EvalResourceName>")
                        .append(resource.replace("&", "&amp;")).append("</EvalResourceName><EvalDecision>")
                        .append(allows(documents, action) ? "allowed" : "implicitDeny").append("</EvalDecision></member>");
            }
        }
        xml.append("</EvaluationResults></SimulatePrincipalPolicyResult><ResponseMetadata><RequestId>")
                .append(java.util.UUID.randomUUID()).append("</RequestId></ResponseMetadata></SimulatePrincipalPolicyResponse>");
        return new Reply(200, java.util.Map.of("Content-Type", List.of("text/xml")), xml.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    private static List<String> members(AwsCall call, String name) {
        List<String> out = new ArrayList<>();
        for (int i = 1; call.params().containsKey(name + ".member." + i); i++) out.add(call.params().get(name + ".member." + i));
        return out;
    }

    /** A caller's user and policies (inline and attached), looked up once per access key until {@link #policiesChanged}. */
    private record Caller(String user, List<String> documents) {}

    private final java.util.Map<String, Caller> callers = new java.util.concurrent.ConcurrentHashMap<>();

    /** The users' policies were changed: look them up again on each caller's next call. */
    public void policiesChanged() {
        callers.clear();
    }

    private Caller lookUp(String accessKey) {
        String user = admin.getAccessKeyLastUsed(r -> r.accessKeyId(accessKey)).userName();
        return new Caller(user, documentsOf(user));
    }

    /** The user's inline policies and the default versions of the managed policies attached to it. */
    private List<String> documentsOf(String user) {
        List<String> documents = new ArrayList<>();
        for (String name : admin.listUserPolicies(r -> r.userName(user)).policyNames()) {
            documents.add(URLDecoder.decode(admin.getUserPolicy(r -> r.userName(user).policyName(name)).policyDocument(),
                    StandardCharsets.UTF_8));
        }
        for (var attached : admin.listAttachedUserPolicies(r -> r.userName(user)).attachedPolicies()) {
            var policy = admin.getPolicy(r -> r.policyArn(attached.policyArn())).policy();
            documents.add(URLDecoder.decode(admin.getPolicyVersion(r -> r.policyArn(attached.policyArn())
                    .versionId(policy.defaultVersionId())).policyVersion().document(), StandardCharsets.UTF_8));
        }
        return documents;
    }

    /** Whether some statement allows the action and none denies it. */
    static boolean allows(List<String> documents, String action) {
        boolean allowed = false;
        for (String doc : documents) {
            JsonNode statements;
            try {
                statements = JSON.readTree(doc).path("Statement");
            } catch (tools.jackson.core.JacksonException e) {
                continue; // IAM would not have stored it
            }
            for (JsonNode s : statements.isArray() ? statements : JSON.createArrayNode().add(statements)) {
                boolean named = s.has("NotAction") ? !matchesAny(s.get("NotAction"), action) : matchesAny(s.path("Action"), action);
                if (!named) continue;
                if ("Deny".equals(s.path("Effect").asString())) return false;
                allowed = true;
            }
        }
        return allowed;
    }

    private static boolean matchesAny(JsonNode patterns, String action) {
        for (JsonNode p : patterns.isArray() ? patterns : JSON.createArrayNode().add(patterns)) {
            String regex = ("\\Q" + p.asString() + "\\E").replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            if (Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(action).matches()) return true;
        }
        return false;
    }
}
