package ai.katonic.kpc.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * What the simulator's Velero chart makes beside its workloads ({@link StandIns}): the velero.io
 * CRDs (in crds/, installed by Helm first), a BackupStorageLocation and VolumeSnapshotLocation per
 * entry of {@code configuration}, and a Schedule per entry of {@code schedules} (named
 * {@code <release>-<name>}), as the real chart makes them from the same values.
 */
final class VeleroStandIn {
    private VeleroStandIn() {}

    static final List<String> KINDS = List.of("BackupStorageLocation", "VolumeSnapshotLocation", "Schedule", "Backup", "Restore",
            "DeleteBackupRequest");

    static void write(Path chart) throws IOException {
        Files.createDirectories(chart.resolve("crds"));
        for (String kind : KINDS) {
            String plural = kind.toLowerCase(java.util.Locale.ROOT) + (kind.endsWith("s") ? "es" : "s");
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
                    """.formatted(kind, plural, kind.toLowerCase(java.util.Locale.ROOT)));
        }
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
