package ai.katonic.kpc.aws.route53;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.route53.model.Change;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

/**
 * CNAME records another step worked out, written into the domain's hosted zone (UPSERT, so records
 * already there are taken over rather than refused) and waited for until Route 53 serves them: the
 * ones ACM asks for to validate kpc's certificate, and the platform's three names pointing at the
 * ALB. Removed on destroy.
 */
public final class DnsRecordsHandler implements Handler<Spec.DnsRecords> {
    static final Duration SYNC = Duration.ofSeconds(60);
    static final long TTL = 300;

    public Class<Spec.DnsRecords> specType() { return Spec.DnsRecords.class; }

    public List<String> actions() {
        return List.of("route53:ChangeResourceRecordSets", "route53:GetChange", "route53:ListResourceRecordSets");
    }

    /** "name CNAME value" lines, as the source step records them in its output. */
    private static List<String[]> records(StepContext ctx, Spec.DnsRecords spec) {
        List<String[]> out = new ArrayList<>();
        for (String line : ctx.dep(spec.source()).outputs().getOrDefault(spec.output(), "").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3 && f[1].equals("CNAME")) out.add(f);
        }
        return out;
    }

    public Optional<Live> observe(StepContext ctx, Spec.DnsRecords spec) {
        List<String[]> wanted = records(ctx, spec);
        if (wanted.isEmpty()) return Optional.empty();
        for (String[] r : wanted) {
            var found = ctx.aws().route53().listResourceRecordSets(b -> b.hostedZoneId(spec.hostedZoneId())
                    .startRecordName(r[0]).startRecordType(RRType.CNAME).maxItems("1")).resourceRecordSets();
            boolean there = !found.isEmpty() && sameName(found.get(0).name(), r[0]) && found.get(0).type() == RRType.CNAME
                    && found.get(0).resourceRecords().stream().anyMatch(v -> sameName(v.value(), r[2]));
            if (!there) return Optional.empty();
        }
        return Optional.of(live(spec, wanted));
    }

    public Live create(StepContext ctx, Spec.DnsRecords spec) {
        List<String[]> wanted = records(ctx, spec);
        if (wanted.isEmpty()) {
            throw new ai.katonic.kpc.errors.KpcException.OperationFailed(ctx.resourceId()
                    + ": " + spec.source().id() + " has no records to write yet; re-run `kpc apply` in a minute");
        }
        String change = change(ctx, spec, ChangeAction.UPSERT, wanted);
        Poll.until(ctx, "INSYNC", SYNC, () -> {
            ChangeStatus s = ctx.aws().route53().getChange(b -> b.id(change)).changeInfo().status();
            return s == ChangeStatus.INSYNC ? Poll.Seen.done("INSYNC", s) : Poll.Seen.waiting(String.valueOf(s));
        });
        wanted.forEach(r -> ctx.progress("wrote " + r[0] + " CNAME " + r[2] + " in " + spec.hostedZoneId()));
        return live(spec, wanted);
    }

    public void delete(StepContext ctx, Spec.DnsRecords spec, Live live) {
        List<String[]> recorded = new ArrayList<>();
        for (String line : live.outputs().getOrDefault("records", "").split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length == 3) recorded.add(f);
        }
        for (String[] r : recorded) {
            try {
                change(ctx, spec, ChangeAction.DELETE, List.<String[]>of(r));
            } catch (RuntimeException e) {
                // Route 53 refuses to delete what is not there (InvalidChangeBatch): already gone is done.
                if (!AwsErrors.isNotFound(e) && !AwsErrors.code(e).equals("InvalidChangeBatch")) throw e;
            }
        }
    }

    private static String change(StepContext ctx, Spec.DnsRecords spec, ChangeAction action, List<String[]> records) {
        List<Change> changes = records.stream().map(r -> Change.builder().action(action).resourceRecordSet(ResourceRecordSet.builder()
                .name(r[0]).type(RRType.CNAME).ttl(TTL).resourceRecords(v -> v.value(r[2])).build()).build()).toList();
        return ctx.aws().route53().changeResourceRecordSets(b -> b.hostedZoneId(spec.hostedZoneId()).changeBatch(c -> c
                .comment("kpc:cluster=" + ctx.clusterName() + ": " + spec.purpose()).changes(changes))).changeInfo().id();
    }

    private static boolean sameName(String a, String b) {
        return a.replaceAll("\\.$", "").equalsIgnoreCase(b.replaceAll("\\.$", ""));
    }

    private static Live live(Spec.DnsRecords spec, List<String[]> records) {
        return Live.of(spec.hostedZoneId(), Map.of("records", String.join("\n", records.stream().map(r -> String.join(" ", r)).toList())));
    }
}
