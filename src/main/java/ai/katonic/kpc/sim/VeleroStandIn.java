package ai.katonic.kpc.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The simulator's Velero chart: what the real chart makes from the same values — the velero.io
 * CRDs (in crds/, installed by Helm first), the server's ServiceAccount with its IRSA annotation,
 * a BackupStorageLocation and VolumeSnapshotLocation per entry of {@code configuration}, a Schedule
 * per entry of {@code schedules} (named {@code <release>-<name>}), and the node agent's DaemonSet.
 */
final class VeleroStandIn {
    private VeleroStandIn() {}

    static final List<String> KINDS = List.of("BackupStorageLocation", "VolumeSnapshotLocation", "Schedule", "Backup", "Restore",
            "DeleteBackupRequest");

    static void write(Path chart) throws IOException {
        Files.createDirectories(chart.resolve("crds"));
        for (String kind : KINDS) {
            String plural = kind.toLowerCase() + (kind.endsWith("s") ? "es" : "s");
            Files.writeString(chart.resolve("crds/" + plural + ".yaml"), """
                    apiVersion: apiextensions.k8s.io/v1
                    kind: CustomResourceDefinition
                    metadata: {name: %2$s.velero.io}
                    spec:
                      group: velero.io
                      scope: Namespaced
                      names: {kind: %1$s, listKind: %1$sList, plural: %2$s, singular: %3$s}
                      versions:
                      - name: v1
                        served: true
                        storage: true
                        schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
                    """.formatted(kind, plural, kind.toLowerCase()));
        }
        Files.writeString(chart.resolve("values.yaml"), """
                configuration: {backupStorageLocation: [], volumeSnapshotLocation: []}
                schedules: {}
                serviceAccount: {server: {}}
                deployNodeAgent: false
                service: {port: 8085}
                """);
        Files.writeString(chart.resolve("templates/server.yaml"), """
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  name: {{ .Values.serviceAccount.server.name | default .Release.Name }}
                  namespace: {{ .Release.Namespace }}
                  {{- with .Values.serviceAccount.server.annotations }}
                  annotations:
                {{ toYaml . | indent 4 }}
                  {{- end }}
                {{- if .Values.deployNodeAgent }}
                ---
                apiVersion: apps/v1
                kind: DaemonSet
                metadata:
                  name: node-agent
                  namespace: {{ .Release.Namespace }}
                spec:
                  selector: {matchLabels: {name: node-agent}}
                  template:
                    metadata: {labels: {name: node-agent}}
                    spec:
                      containers: [{name: node-agent, image: "kpc-sim/velero:{{ .Chart.AppVersion }}"}]
                {{- end }}
                """);
        Files.writeString(chart.resolve("templates/locations.yaml"), """
                {{- range .Values.configuration.backupStorageLocation }}
                ---
                apiVersion: velero.io/v1
                kind: BackupStorageLocation
                metadata:
                  name: {{ .name }}
                  namespace: {{ $.Release.Namespace }}
                spec:
                  provider: {{ .provider }}
                  default: true
                  objectStorage: {bucket: {{ .bucket }}, prefix: {{ .prefix }}}
                  config:
                {{ toYaml .config | indent 4 }}
                {{- end }}
                {{- range .Values.configuration.volumeSnapshotLocation }}
                ---
                apiVersion: velero.io/v1
                kind: VolumeSnapshotLocation
                metadata:
                  name: {{ .name }}
                  namespace: {{ $.Release.Namespace }}
                spec:
                  provider: {{ .provider }}
                  config:
                {{ toYaml .config | indent 4 }}
                {{- end }}
                {{- range $name, $s := .Values.schedules }}
                ---
                apiVersion: velero.io/v1
                kind: Schedule
                metadata:
                  name: {{ $.Release.Name }}-{{ $name }}
                  namespace: {{ $.Release.Namespace }}
                spec:
                  schedule: {{ $s.schedule | quote }}
                  template:
                {{ toYaml $s.template | indent 4 }}
                {{- end }}
                """);
    }
}
