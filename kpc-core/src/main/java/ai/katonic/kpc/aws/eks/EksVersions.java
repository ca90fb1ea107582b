package ai.katonic.kpc.aws.eks;

import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.config.EksCalendar;
import ai.katonic.kpc.aws.AwsErrors;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.eks.model.ClusterVersionInformation;

/**
 * Which Kubernetes versions EKS offers, and which one a config without {@code eks_version} gets: the
 * newest in standard support in the region, read with {@code eks:DescribeClusterVersions}. Where EKS
 * cannot be asked (no credentials, offline) the dated table below stands in, and says its date.
 */
public final class EksVersions {
    private EksVersions() {}

    public enum Support { STANDARD, EXTENDED, UNSUPPORTED }

    /** One version as EKS describes it: its support status and when each support period ends. */
    public record Version(String minor, Support support, LocalDate endOfStandard, LocalDate endOfExtended) {
        public int minorNumber() {
            return Integer.parseInt(minor.substring(minor.indexOf('.') + 1));
        }
    }

    /** What was offered, and where that answer came from ("EKS DescribeClusterVersions in R" or the table's date). */
    public record Offered(List<Version> versions, String source, boolean live) {
        public Optional<Version> find(String minor) {
            return versions.stream().filter(v -> v.minor().equals(minor)).findFirst();
        }

        /** The newest version in standard support. */
        public Optional<Version> newestStandard() {
            return versions.stream().filter(v -> v.support() == Support.STANDARD).max(Comparator.comparingInt(Version::minorNumber));
        }
    }

    /**
     * EKS's price per cluster-hour (USD) in standard and in extended support, from aws.amazon.com/eks/pricing,
     * checked {@link #EksCalendar.DATE}. The Price List API has them too; the difference is what preflight warns about.
     */
    public static final double STANDARD_PRICE_PER_HOUR = 0.10;
    public static final double EXTENDED_PRICE_PER_HOUR = 0.60;
    /** AWS's own month for prices: 730 hours. */
    public static final int HOURS_PER_MONTH = 730;

    /** The extra cost per month of a cluster in extended support, in USD. */
    public static long extendedExtraPerMonth() {
        return Math.round((EXTENDED_PRICE_PER_HOUR - STANDARD_PRICE_PER_HOUR) * HOURS_PER_MONTH);
    }

    /** The table as of {@code today}: versions past extended support are no longer offered. */
    public static Offered table(LocalDate today) {
        List<Version> out = new ArrayList<>();
        for (EksCalendar.Entry v : EksCalendar.ENTRIES) {
            Support s = today.isBefore(v.endOfStandard()) ? Support.STANDARD
                    : today.isBefore(v.endOfExtended()) ? Support.EXTENDED : Support.UNSUPPORTED;
            if (s != Support.UNSUPPORTED) out.add(new Version(v.minor(), s, v.endOfStandard(), v.endOfExtended()));
        }
        return new Offered(out, "kpc's table of " + EksCalendar.DATE + " from " + EksCalendar.SOURCE, false);
    }

    /** What EKS offers in the client's region; throws what EKS answered when it cannot be asked (preflight says so). */
    public static Offered live(AwsClients aws) {
        return live(aws, Duration.ofSeconds(30));
    }

    private static Offered live(AwsClients aws, Duration budget) {
        List<Version> out = new ArrayList<>();
        aws.eks().describeClusterVersionsPaginator(r -> r.clusterType("eks")
                .overrideConfiguration(o -> o.apiCallTimeout(budget)))
                .clusterVersions().forEach(v -> version(v).ifPresent(out::add));
        if (out.isEmpty()) throw new IllegalStateException("EKS listed no versions");
        return new Offered(out, "EKS DescribeClusterVersions in " + aws.region(), true);
    }

    /**
     * What EKS offers in the client's region, giving EKS at most {@code budget} (retries included); the
     * table when EKS cannot be asked (the reason is in the source).
     */
    public static Offered offered(AwsClients aws, Duration budget) {
        try {
            return live(aws, budget);
        } catch (RuntimeException e) {
            Offered t = table(LocalDate.now(ZoneOffset.UTC));
            return new Offered(t.versions(), t.source() + "; EKS could not be asked: " + AwsErrors.explain("eks", e), false);
        }
    }

    private static Optional<Version> version(ClusterVersionInformation v) {
        String status = v.versionStatusAsString() != null ? v.versionStatusAsString() : v.statusAsString();
        Support s = status == null ? null : switch (status.toUpperCase(java.util.Locale.ROOT).replace('-', '_')) {
            case "STANDARD_SUPPORT" -> Support.STANDARD;
            case "EXTENDED_SUPPORT" -> Support.EXTENDED;
            case "UNSUPPORTED" -> Support.UNSUPPORTED;
            default -> null;
        };
        if (s == null || s == Support.UNSUPPORTED || v.clusterVersion() == null) return Optional.empty();
        return Optional.of(new Version(v.clusterVersion(), s, date(v.endOfStandardSupportDate()), date(v.endOfExtendedSupportDate())));
    }

    private static LocalDate date(Instant i) {
        return i == null ? null : i.atZone(ZoneOffset.UTC).toLocalDate();
    }

    /** The version a config gets, in words why, and a short form of that for a comment in the config. */
    public record Choice(String version, String why, String brief) {
        static final String FROM_CONFIG = "set in the config";

        /** Not written in the config: the first apply records it in state. */
        public boolean chosenByKpc() {
            return !why.equals(FROM_CONFIG);
        }
    }

    /**
     * The newest standard-support version of what is offered; when there is none (kpc's table has aged past
     * its last version's standard support), the newest one still offered, said as such.
     */
    public static Choice newest(Offered offered) {
        var standard = offered.newestStandard();
        Version v = standard.or(() -> offered.versions().stream().max(Comparator.comparingInt(Version::minorNumber)))
                .orElseThrow(() -> new ai.katonic.kpc.errors.KpcException.OperationFailed(
                        "no EKS version is offered (" + offered.source() + "); set eks_version in the config"));
        if (standard.isEmpty()) {
            return new Choice(v.minor(), "the newest version still offered, in extended support until " + v.endOfExtended()
                    + " (none is in standard support per " + offered.source() + "; a newer kpc knows newer versions)",
                    "newest offered, extended support only, per " + (offered.live() ? "EKS" : "kpc's calendar of " + EksCalendar.DATE));
        }
        String until = v.endOfStandard() == null ? "" : " until " + v.endOfStandard();
        return new Choice(v.minor(), "the newest EKS version in standard support" + until + ", per " + offered.source(),
                "newest in standard support" + until + (offered.live() ? ", per EKS" : ", per kpc's calendar of " + EksCalendar.DATE));
    }

    /**
     * The version of a config: as written; else as state recorded it at the first apply (a later
     * apply never upgrades a cluster because the default moved); else the version the recorded
     * cluster was made with; else the newest EKS offers now.
     */
    public static Choice choose(ai.katonic.kpc.config.ClusterConfig c, ai.katonic.kpc.state.State state, AwsClients aws) {
        if (c.eksVersion() != null) return new Choice(c.eksVersion(), Choice.FROM_CONFIG, Choice.FROM_CONFIG);
        if (state != null && state.eksVersion() != null) {
            return new Choice(state.eksVersion(), "chosen at the first apply and kept in state (the config names none)", "kept in state");
        }
        var cluster = state == null ? null : state.get(Ids.EKS_CLUSTER);
        if (cluster != null && cluster.spec() != null && cluster.spec().get("version") instanceof String v) {
            return new Choice(v, "the version state records the cluster was made with (the config names none)", "kept in state");
        }
        // Ten seconds at most: plan and apply must not hang where EKS cannot be reached (the calendar stands in).
        return newest(offered(aws, Duration.ofSeconds(10)));
    }
}
