package ai.katonic.kpc.sim;

import ai.katonic.kpc.helm.Charts;
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
 * air-gapped cluster uses ({@code charts.repository}). Each chart makes a ServiceAccount (with the
 * annotations its values ask for, so IRSA wiring shows), a Deployment, a ConfigMap of its values, and
 * for the apps the Service their Ingress routes to. Packaged by Helm, indexed with SHA-256 digests,
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

    private static Path build() {
        try {
            Path repo = Files.createTempDirectory("kpc-sim-charts");
            Path work = Files.createTempDirectory("kpc-sim-chart-src");
            List<Charts.Pin> pins = new ArrayList<>(List.of(Charts.LOAD_BALANCER_CONTROLLER, Charts.TIGERA_OPERATOR, Charts.SUPERSET,
                    Charts.VELERO));
            REAL_AIRBYTE.forEach((version, app) -> pins.add(new Charts.Pin("airbyte", "airbyte", "airbyte",
                    "https://airbytehq.github.io/helm-charts", version, app)));
            REAL_AUTOSCALER.forEach((version, app) -> pins.add(new Charts.Pin("cluster-autoscaler", "kube-system", "cluster-autoscaler",
                    "https://kubernetes.github.io/autoscaler", version, app)));
            StringBuilder index = new StringBuilder("apiVersion: v1\nentries:\n");
            String last = "";
            for (Charts.Pin pin : pins.stream().sorted((a, b) -> a.chart().compareTo(b.chart())).toList()) {
                String app = pin.appVersion() == null ? pin.version().replaceFirst("^v", "") : pin.appVersion().endsWith(".") ? pin.appVersion() + "0" : pin.appVersion();
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
        Files.writeString(src.resolve("Chart.yaml"), "apiVersion: v2\nname: " + pin.chart() + "\nversion: \"" + pin.version()
                + "\"\nappVersion: \"" + app + "\"\ndescription: kpc simulator stand-in for " + pin.chart() + "\n");
        Files.writeString(src.resolve("values.yaml"), "serviceAccount: {}\nrbac: {serviceAccount: {}}\nservice: {port: 80}\n");
        if (pin.chart().equals("velero")) VeleroStandIn.write(src);
        else Files.writeString(src.resolve("templates/serviceaccount.yaml"), """
                {{- $sa := .Values.serviceAccount -}}
                {{- if .Values.rbac.serviceAccount.name }}{{ $sa = .Values.rbac.serviceAccount }}{{ end -}}
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: {{ $sa.name | default .Release.Name }}
                  namespace: {{ .Release.Namespace }}
                  {{- with $sa.annotations }}
                  annotations:
                {{ toYaml . | indent 4 }}
                  {{- end }}
                """);
        Files.writeString(src.resolve("templates/deployment.yaml"), """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {{ .Release.Name }}
                  namespace: {{ .Release.Namespace }}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: {{ .Release.Name }}}}
                  template:
                    metadata: {labels: {app: {{ .Release.Name }}}}
                    spec:
                      containers: [{name: main, image: "kpc-sim/{{ .Chart.Name }}:{{ .Chart.AppVersion }}"}]
                """);
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
                      ports: [{port: {{ .Values.service.port }}}]
                    """.formatted(service));
        }
        new Helm(src).packageIt().withDestination(repo).call();
        return repo.resolve(pin.chart() + "-" + pin.version() + ".tgz");
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
