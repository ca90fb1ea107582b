package ai.katonic.kpc.sim;

import ai.katonic.kpc.plan.Charts;
import com.marcnuri.helm.Helm;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A Helm chart repository on disk holding a small stand-in for every chart kpc installs, under the
 * real chart names, versions and app versions — the simulated cloud's counterpart of the mirror an
 * air-gapped cluster uses ({@code charts.repository}). Each holds the real chart's contract
 * ({@link StandIns}): a values.schema.json refusing keys the real chart does not read, the real
 * defaults, and the workloads with the images the real chart renders, placed by the values' node
 * selectors and tolerations; besides, a ServiceAccount (with the annotations its values ask for, so
 * IRSA wiring shows), a ConfigMap of its values, and for the apps the Service their Ingress routes
 * to. Packaged by Helm, indexed with SHA-256 digests,
 * so kpc's fetch-and-verify path runs unchanged. Made once per process.
 */
public final class ChartMirror {
    private static Path dir;

    private ChartMirror() {}

    /** The repository's file:// URL. */
    public static synchronized String url() {
        if (dir == null) dir = build();
        return dir.toUri().toString().replaceAll("/+$", "");
    }

    /**
     * Published cluster-autoscaler charts and the autoscaler each ships (kubernetes/autoscaler's chart history,
     * read 2026-12-01): the mirror holds what the real repository has, whatever kpc pins, so a pin that
     * names a chart the repository lacks, or a minor with no autoscaler, fails here as it would there.
     */
    static final java.util.Map<String, String> REAL_AUTOSCALER = new java.util.TreeMap<>(java.util.Map.of(
            "9.37.0", "1.30.0", "9.43.2", "1.31.0", "9.44.0", "1.31.0", "9.46.6", "1.32.0", "9.51.0", "1.33.0",
            "9.52.1", "1.34.1", "9.53.0", "1.34.2", "9.59.0", "1.35.0"));

    /** Published Airbyte charts around app 0.40.32 (airbytehq/helm-charts' archives, read 2026-12-01): no chart 0.40.32. */
    static final java.util.Map<String, String> REAL_AIRBYTE = new java.util.TreeMap<>(java.util.Map.of(
            "0.40.30", "0.40.15", "0.40.33", "0.40.17", "0.43.24", "0.40.29", "0.43.28", "0.40.32", "0.43.36", "0.40.32",
            "0.44.0", "0.40.32", "0.44.1", "0.40.32", "0.44.2", "0.41.0"));

    /**
     * The other charts, as published (chart → version → app version, from each chart's Chart.yaml at that version,
     * read 2026-12-01): the versions whose contract {@link StandIns} holds. Independent of kpc's pins, so a pin moved to
     * a version not here fails in CI until its keys and images are checked against the real chart and added.
     */
    static final java.util.Map<String, java.util.Map<String, String>> REAL_OTHERS = java.util.Map.of(
            "aws-load-balancer-controller", java.util.Map.of("1.8.1", "v2.8.1"),
            "tigera-operator", java.util.Map.of("v3.28.0", "v3.28.0"),
            "superset", java.util.Map.of("0.8.10", "2.0.1"),
            "velero", java.util.Map.of("7.1.0", "1.14.0"),
            "nvidia-device-plugin", java.util.Map.of("0.18.2", "0.18.2"));

    private static final java.util.Map<String, String> PUBLIC = java.util.Map.of(
            "aws-load-balancer-controller", "https://aws.github.io/eks-charts", "tigera-operator", "https://docs.tigera.io/calico/charts",
            "superset", "https://apache.github.io/superset", "velero", "https://vmware-tanzu.github.io/helm-charts",
            "nvidia-device-plugin", "https://nvidia.github.io/k8s-device-plugin");

    private static Path build() {
        try {
            Path repo = Files.createTempDirectory("kpc-sim-charts");
            Path work = Files.createTempDirectory("kpc-sim-chart-src");
            List<Charts.Pin> pins = new ArrayList<>();
            REAL_OTHERS.forEach((chart, versions) -> versions.forEach((version, app) ->
                    pins.add(new Charts.Pin(chart, "-", chart, PUBLIC.get(chart), version, app))));
            REAL_AIRBYTE.forEach((version, app) -> pins.add(new Charts.Pin("airbyte", "airbyte", "airbyte",
                    "https://airbytehq.github.io/helm-charts", version, app)));
            REAL_AUTOSCALER.forEach((version, app) -> pins.add(new Charts.Pin("cluster-autoscaler", "kube-system", "cluster-autoscaler",
                    "https://kubernetes.github.io/autoscaler", version, app)));
            StringBuilder index = new StringBuilder("apiVersion: v1\nentries:\n");
            String last = "";
            for (Charts.Pin pin : pins.stream().sorted((a, b) -> a.chart().compareTo(b.chart())).toList()) {
                String app = pin.appVersion();
                Path archive = chart(work, repo, pin, app);
                if (!pin.chart().equals(last)) index.append("  ").append(pin.chart()).append(":\n");
                last = pin.chart();
                index.append("  - name: ").append(pin.chart()).append("\n    version: \"").append(pin.version())
                        .append("\"\n    appVersion: \"").append(app).append("\"\n    urls: [").append(archive.getFileName())
                        .append("]\n    digest: ").append(sha256(archive)).append('\n');
            }
            Files.writeString(repo.resolve("index.yaml"), index);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> { delete(repo); delete(work); }, "kpc-chart-mirror-cleanup"));
            return repo;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path chart(Path work, Path repo, Charts.Pin pin, String app) throws IOException {
        Path src = work.resolve(pin.chart() + "-" + pin.version()).resolve(pin.chart());
        Files.createDirectories(src.resolve("templates"));
        StandIns.Contract contract = StandIns.of(pin.chart(), pin.version(), app);
        Files.writeString(src.resolve("Chart.yaml"), "apiVersion: v2\nname: " + pin.chart() + "\nversion: \"" + pin.version()
                + "\"\nappVersion: \"" + app + "\"\ndescription: kpc simulator stand-in for " + pin.chart() + "\n");
        Files.writeString(src.resolve("values.yaml"), contract.defaults());
        Files.writeString(src.resolve("values.schema.json"), StandIns.schema(contract.keys()));
        if (pin.chart().equals("velero")) VeleroStandIn.write(src);
        if (contract.serviceAccount() != null) {
            String sa = ".Values." + contract.serviceAccount();
            Files.writeString(src.resolve("templates/serviceaccount.yaml"), """
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata:
                      name: {{ %1$s.name | default .Release.Name }}
                      namespace: {{ .Release.Namespace }}
                      {{- with %1$s.annotations }}
                      annotations:
                    {{ toYaml . | indent 4 }}
                      {{- end }}
                    """.formatted(sa));
        }
        StringBuilder workloads = new StringBuilder();
        for (StandIns.Workload w : contract.workloads()) workloads.append(workload(w));
        Files.writeString(src.resolve("templates/workloads.yaml"), workloads.toString());
        Files.writeString(src.resolve("templates/values.yaml"), """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {{ .Release.Name }}-values
                  namespace: {{ .Release.Namespace }}
                data:
                  values.json: {{ toJson .Values | quote }}
                """);
        String service = switch (pin.chart()) {
            case "superset" -> "{{ .Release.Name }}";
            case "airbyte" -> "{{ .Release.Name }}-airbyte-webapp-svc";
            default -> null;
        };
        if (service != null) {
            Files.writeString(src.resolve("templates/service.yaml"), """
                    apiVersion: v1
                    kind: Service
                    metadata:
                      name: %s
                      namespace: {{ .Release.Namespace }}
                    spec:
                      selector: {app: {{ .Release.Name }}}
                      ports: [{port: %s}]
                    """.formatted(service, pin.chart().equals("superset") ? "{{ .Values.service.port }}" : "80"));
        }
        new Helm(src).packageIt().withDestination(repo).call();
        return repo.resolve(pin.chart() + "-" + pin.version() + ".tgz");
    }

    /** One workload of a stand-in: its pod template with the real chart's image and the values' placement. */
    private static String workload(StandIns.Workload w) {
        String name = w.name().startsWith("=") ? w.name().substring(1) : "{{ .Release.Name }}" + w.name();
        String at = w.placement() == null ? null : w.placement().isEmpty() ? ".Values"
                : "(index .Values " + java.util.Arrays.stream(w.placement().split("\\.")).map(p -> "\"" + p + "\"")
                        .collect(java.util.stream.Collectors.joining(" ")) + ")";
        String indent = w.kind().equals("Pod") ? "  " : "      ";
        StringBuilder pod = new StringBuilder();
        if (at != null) {
            pod.append(indent).append("{{- with ").append(at).append(".nodeSelector }}\n").append(indent).append("nodeSelector:")
                    .append("{{- toYaml . | nindent ").append(indent.length() + 2).append(" }}\n").append(indent).append("{{- end }}\n");
            pod.append(indent).append("{{- with ").append(at).append(".tolerations }}\n").append(indent).append("tolerations:")
                    .append("{{- toYaml . | nindent ").append(indent.length() + 2).append(" }}\n").append(indent).append("{{- end }}\n");
            pod.append(indent).append("{{- with ").append(at).append(".affinity }}\n").append(indent).append("affinity:")
                    .append("{{- toYaml . | nindent ").append(indent.length() + 2).append(" }}\n").append(indent).append("{{- end }}\n");
        }
        if ("VALUES".equals(w.initImages())) {
            pod.append(indent).append("{{- with .Values.initContainers }}\n").append(indent).append("initContainers:")
                    .append("{{- toYaml . | nindent ").append(indent.length() + 2).append(" }}\n").append(indent).append("{{- end }}\n");
        } else if (w.initImages() != null) {
            pod.append(indent).append("initContainers: [{name: init, image: \"").append(w.initImages()).append("\"}]\n");
        }
        if (w.kind().equals("Job") || w.kind().equals("Pod")) pod.append(indent).append("restartPolicy: Never\n");
        pod.append(indent).append("containers: [{name: main, image: \"").append(w.image()).append("\"}]\n");
        String hook = w.realHook() == null ? "" : "  annotations: {kpc-sim/real-chart-hook: \"" + w.realHook() + "\"}\n";
        String head = "---\n" + (w.condition() == null ? "" : "{{- if " + w.condition() + " }}\n")
                + "apiVersion: " + (w.kind().equals("Job") ? "batch/v1" : w.kind().equals("Pod") ? "v1" : "apps/v1") + "\nkind: " + w.kind()
                + "\nmetadata:\n  name: " + name + "\n  namespace: {{ .Release.Namespace }}\n" + hook;
        String body = switch (w.kind()) {
            case "Pod" -> "spec:\n" + pod;
            case "Job" -> "spec:\n  template:\n    metadata: {labels: {app: {{ .Release.Name }}}}\n    spec:\n" + pod;
            default -> "spec:\n" + (w.kind().equals("StatefulSet") ? "  serviceName: " + name + "\n" : "")
                    + "  selector: {matchLabels: {app: {{ .Release.Name }}, part: " + name + "}}\n"
                    + "  template:\n    metadata: {labels: {app: {{ .Release.Name }}, part: " + name + "}}\n    spec:\n" + pod;
        };
        return head + body + (w.condition() == null ? "" : "{{- end }}\n");
    }

    private static void delete(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is not worth failing the exit for
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
