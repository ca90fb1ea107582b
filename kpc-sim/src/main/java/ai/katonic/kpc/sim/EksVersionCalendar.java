package ai.katonic.kpc.sim;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * EKS's Kubernetes versions as AWS's calendar has them, at the simulator's own clock, which moto
 * does not know (it accepts any version): {@code DescribeClusterVersions} lists the versions in
 * standard or extended support, and {@code CreateCluster} refuses a version past the end of
 * extended support, as EKS does. The calendar is the simulator's own copy of AWS's (checked
 * 2026-12-01), independent of kpc's fallback table, so each checks the other.
 */
public final class EksVersionCalendar implements Behaviour {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** minor → {release, end of standard support, end of extended support, latest patch}. */
    private static final Map<String, String[]> CALENDAR = Map.of(
            "1.29", new String[] {"2024-01-23", "2025-03-23", "2026-03-23", "1.29.15"},
            "1.30", new String[] {"2024-05-23", "2025-07-23", "2026-07-23", "1.30.14"},
            "1.31", new String[] {"2024-09-26", "2025-11-26", "2026-11-26", "1.31.13"},
            "1.32", new String[] {"2025-01-23", "2026-03-23", "2027-03-23", "1.32.9"},
            "1.33", new String[] {"2025-05-29", "2026-07-29", "2027-07-29", "1.33.5"},
            "1.34", new String[] {"2025-10-02", "2026-12-02", "2027-12-02", "1.34.2"},
            "1.35", new String[] {"2026-01-27", "2027-03-27", "2028-03-27", "1.35.0"});

    private volatile Clock clock;

    public EksVersionCalendar() {
        this(Clock.systemUTC());
    }

    public EksVersionCalendar(Clock clock) {
        this.clock = clock;
    }

    /** Moves the simulated calendar's "today" (a test of what happens when support ends). */
    public void clock(Clock c) {
        this.clock = c;
    }

    enum Support { STANDARD, EXTENDED, UNSUPPORTED, UNRELEASED }

    Support support(String minor) {
        String[] e = CALENDAR.get(minor);
        if (e == null) return Support.UNSUPPORTED;
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        if (today.isBefore(LocalDate.parse(e[0]))) return Support.UNRELEASED;
        if (today.isBefore(LocalDate.parse(e[1]))) return Support.STANDARD;
        return today.isBefore(LocalDate.parse(e[2])) ? Support.EXTENDED : Support.UNSUPPORTED;
    }

    @Override
    public Optional<Reply> before(AwsCall call) {
        if (!call.service().equals("eks")) return Optional.empty();
        if (call.method().equals("GET") && call.path().equals("/cluster-versions")) return Optional.of(list(call));
        if (call.method().equals("POST") && call.path().equals("/clusters")) {
            String version;
            try {
                version = JSON.readTree(call.body()).path("version").asString("");
            } catch (Exception e) {
                return Optional.empty();
            }
            Support s = version.isEmpty() ? Support.STANDARD : support(version);
            if (s == Support.UNSUPPORTED || s == Support.UNRELEASED) {
                return Optional.of(Reply.of(new AwsError(400, "InvalidParameterException",
                        "unsupported Kubernetes version " + version).render(call.protocol())));
            }
            try {
                versions.put(JSON.readTree(call.body()).path("name").asString(""), version);
            } catch (Exception ignored) {
                // moto answers a request it cannot read
            }
        }
        if (call.method().equals("POST") && call.path().matches("/clusters/[^/]+/node-groups")) {
            String cluster = call.path().split("/")[2];
            String version = versions.getOrDefault(cluster, "");
            String amiType;
            try {
                amiType = JSON.readTree(call.body()).path("amiType").asString("");
            } catch (Exception e) {
                return Optional.empty();
            }
            // EKS offers no AL2 image from Kubernetes 1.33 on (moto takes any AMI type)
            if (amiType.startsWith("AL2_") && !version.isEmpty() && minor(version) >= 33) {
                return Optional.of(Reply.of(new AwsError(400, "InvalidParameterException",
                        "AMI type " + amiType + " is not supported for Kubernetes version " + version
                                + "; use an AL2023 or Bottlerocket AMI type").render(call.protocol())));
            }
        }
        return Optional.empty();
    }

    /** Cluster name → the Kubernetes version it was made with (node groups' AMI types depend on it). */
    private final Map<String, String> versions = new java.util.concurrent.ConcurrentHashMap<>();

    private Reply list(AwsCall call) {
        boolean all = "true".equals(call.params().get("includeAll"));
        List<String> only = call.params().containsKey("clusterVersions") ? List.of(call.params().get("clusterVersions").split(",")) : null;
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("clusterVersions");
        String newestStandard = CALENDAR.keySet().stream().filter(v -> support(v) == Support.STANDARD)
                .max((a, b) -> Integer.compare(minor(a), minor(b))).orElse("");
        CALENDAR.keySet().stream().sorted((a, b) -> Integer.compare(minor(b), minor(a))).forEach(v -> {
            Support s = support(v);
            if (s == Support.UNRELEASED || (s == Support.UNSUPPORTED && !all) || (only != null && !only.contains(v))) return;
            String[] e = CALENDAR.get(v);
            String status = switch (s) {
                case STANDARD -> "STANDARD_SUPPORT";
                case EXTENDED -> "EXTENDED_SUPPORT";
                default -> "UNSUPPORTED";
            };
            list.addObject().put("clusterVersion", v).put("clusterType", "eks").put("defaultPlatformVersion", "eks.1")
                    .put("defaultVersion", v.equals(newestStandard)).put("releaseDate", epoch(e[0]))
                    .put("endOfStandardSupportDate", epoch(e[1])).put("endOfExtendedSupportDate", epoch(e[2]))
                    .put("status", status.toLowerCase(java.util.Locale.ROOT).replace('_', '-')).put("versionStatus", status)
                    .put("kubernetesPatchVersion", e[3]);
        });
        return new Reply(200, Map.of("Content-Type", List.of("application/json")), out.toString().getBytes(StandardCharsets.UTF_8), false);
    }

    private static int minor(String v) {
        return Integer.parseInt(v.substring(v.indexOf('.') + 1));
    }

    private static long epoch(String date) {
        return LocalDate.parse(date).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }
}
