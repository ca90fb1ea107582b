package ai.katonic.kpc.config;

import java.time.LocalDate;
import java.util.List;

/**
 * The EKS Kubernetes version calendar as AWS published it on {@link #DATE}: for each minor, the end of
 * standard support and the end of extended support (12 months later; CreateCluster refuses a version
 * after it). kpc asks EKS itself ({@code eks:DescribeClusterVersions}) wherever it can; this table is the
 * dated fallback, and what offline validation knows.
 */
public final class EksCalendar {
    private EksCalendar() {}

    public static final LocalDate DATE = LocalDate.of(2026, 12, 1);
    public static final String SOURCE = "the EKS Kubernetes version calendar (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html)";

    public record Entry(String minor, LocalDate endOfStandard, LocalDate endOfExtended) {}

    public static final List<Entry> ENTRIES = List.of(
            new Entry("1.30", LocalDate.of(2025, 7, 23), LocalDate.of(2026, 7, 23)),
            new Entry("1.31", LocalDate.of(2025, 11, 26), LocalDate.of(2026, 11, 26)),
            new Entry("1.32", LocalDate.of(2026, 3, 23), LocalDate.of(2027, 3, 23)),
            new Entry("1.33", LocalDate.of(2026, 7, 29), LocalDate.of(2027, 7, 29)),
            new Entry("1.34", LocalDate.of(2026, 12, 2), LocalDate.of(2027, 12, 2)),
            new Entry("1.35", LocalDate.of(2027, 3, 27), LocalDate.of(2028, 3, 27)));

    public static boolean known(String minor) {
        return ENTRIES.stream().anyMatch(e -> e.minor().equals(minor));
    }
}
