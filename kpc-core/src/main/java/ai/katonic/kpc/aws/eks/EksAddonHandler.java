package ai.katonic.kpc.aws.eks;

import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.LatencyProfile;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.Poll;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Resource;
import ai.katonic.kpc.plan.Spec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.eks.model.Addon;
import software.amazon.awssdk.services.eks.model.AddonStatus;
import software.amazon.awssdk.services.eks.model.ResolveConflicts;

/**
 * An EKS add-on (vpc-cni, coredns, kube-proxy, the CSI drivers), managed through the EKS API as
 * eksctl does, at the default version EKS offers for the cluster. EKS may already run vpc-cni,
 * kube-proxy and coredns self-managed on a new cluster; creating the add-on with conflicts
 * resolved by OVERWRITE takes them over. Its IRSA role and configuration change in place.
 */
public final class EksAddonHandler implements Handler<Spec.EksAddon>, Handler.Updater<Spec.EksAddon>, Handler.BatchObserver {
    // EKS user guide (managing add-ons): about a minute until ACTIVE; deletion about half that.
    static final Duration CREATE = LatencyProfile.typicalCreate(Spec.EksAddon.LATENCY);
    static final Duration DELETE = LatencyProfile.typicalDelete(Spec.EksAddon.LATENCY);

    public Class<Spec.EksAddon> specType() { return Spec.EksAddon.class; }

    @Override
    public void scopePolicy(Spec.EksAddon spec, ai.katonic.kpc.plan.ResourceGraph graph, ai.katonic.kpc.aws.PolicyResources into) {
        // Only an add-on's role is passed to EKS; the controllers' roles (Helm releases) are assumed by pods, never passed.
        if (spec.role() != null && graph.get(spec.role().id()).spec() instanceof Spec.ServiceAccountRole role) into.passedToEksAddOn(role.name());
    }

    public List<String> actions() {
        return List.of("eks:CreateAddon", "eks:DescribeAddon", "eks:ListAddons", "eks:UpdateAddon", "eks:DeleteAddon", "eks:TagResource");
    }

    /** An add-on with an IRSA role passes that role to EKS. */
    public List<String> actions(Spec.EksAddon spec) {
        if (spec.role() == null) return actions();
        List<String> all = new java.util.ArrayList<>(actions());
        all.add("iam:PassRole");
        return all;
    }

    private static String cluster(StepContext ctx, Spec.EksAddon spec) {
        return ctx.id(spec.cluster());
    }

    private static String roleArn(StepContext ctx, Spec.EksAddon spec) {
        return spec.role() == null ? null : ctx.dep(spec.role()).out("arn");
    }

    @Override
    public boolean absenceIsCertain() {
        return false; // listed through the cluster, unknown before the walk when state is lost
    }

    /** One ListAddons for all of them; what the list lacks (or is deleting) is left to its own step. */
    public Map<String, Live> observeAll(RunContext run, List<Resource> mine) {
        if (mine.isEmpty()) return Map.of();
        Live cluster = run.live(((Spec.EksAddon) mine.get(0).spec()).cluster().id());
        if (cluster == null) return Map.of();
        List<String> names;
        try {
            names = run.aws().eks().listAddons(r -> r.clusterName(cluster.awsId()).maxResults(100)).addons();
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Map.of();
            throw e;
        }
        return Handler.BatchObserver.byName(run, mine, names, r -> ((Spec.EksAddon) r.spec()).name(), true);
    }

    public Optional<Live> observe(StepContext ctx, Spec.EksAddon spec) {
        try {
            Addon a = ctx.aws().eks().describeAddon(r -> r.clusterName(cluster(ctx, spec)).addonName(spec.name())).addon();
            return a.status() == AddonStatus.DELETING ? Optional.empty() : Optional.of(live(a));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    public Live create(StepContext ctx, Spec.EksAddon spec) {
        Addon a = ctx.settle(() -> ctx.aws().eks().createAddon(r -> r.clusterName(cluster(ctx, spec)).addonName(spec.name())
                .serviceAccountRoleArn(roleArn(ctx, spec)).configurationValues(spec.configuration())
                .resolveConflicts(ResolveConflicts.OVERWRITE).clientRequestToken(ctx.clientToken()).tags(ctx.tags()))).addon();
        ctx.progress("creating " + spec.name() + " " + a.addonVersion());
        return waitActive(ctx, spec);
    }

    /** An add-on found without a record (made by hand, or by a killed run) is given kpc's role and configuration. */
    public Live finish(StepContext ctx, Spec.EksAddon spec, Live found) {
        Live active = waitActive(ctx, spec);
        boolean same = Objects.equals(active.outputs().get("role_arn"), roleArn(ctx, spec))
                && Objects.equals(active.outputs().get("configuration"), spec.configuration());
        return same ? active : update(ctx, spec, active);
    }

    public Live update(StepContext ctx, Spec.EksAddon spec, Live live) {
        ctx.aws().eks().updateAddon(r -> r.clusterName(cluster(ctx, spec)).addonName(spec.name())
                .serviceAccountRoleArn(roleArn(ctx, spec)).configurationValues(spec.configuration() == null ? "" : spec.configuration())
                .resolveConflicts(ResolveConflicts.OVERWRITE));
        return waitActive(ctx, spec);
    }

    private Live waitActive(StepContext ctx, Spec.EksAddon spec) {
        Addon a = Poll.until(ctx, "ACTIVE", CREATE, () -> {
            Addon now = ctx.aws().eks().describeAddon(r -> r.clusterName(cluster(ctx, spec)).addonName(spec.name())).addon();
            if (now.status() == AddonStatus.CREATE_FAILED || now.status() == AddonStatus.UPDATE_FAILED) {
                String issues = now.health() == null ? "" : now.health().issues().stream()
                        .map(i -> i.codeAsString() + ": " + i.message()).reduce((x, y) -> x + "; " + y).orElse("");
                throw new KpcException.OperationFailed(ctx.resourceId() + ": add-on " + spec.name() + " is " + now.statusAsString()
                        + (issues.isEmpty() ? "" : " (" + issues + ")") + "; fix the cause, then re-run `kpc apply`");
            }
            return now.status() == AddonStatus.ACTIVE ? Poll.Seen.done("ACTIVE", now) : Poll.Seen.waiting(now.statusAsString());
        });
        return live(a);
    }

    public void delete(StepContext ctx, Spec.EksAddon spec, Live live) {
        String cluster = cluster(ctx, spec);
        try {
            ctx.aws().eks().deleteAddon(r -> r.clusterName(cluster).addonName(spec.name()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return;
            throw e;
        }
        Poll.untilGone(ctx, DELETE, () -> Optional.of(ctx.aws().eks().describeAddon(r -> r.clusterName(cluster)
                .addonName(spec.name())).addon().statusAsString()));
    }

    private static Live live(Addon a) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("arn", a.addonArn());
        out.put("version", a.addonVersion());
        if (a.serviceAccountRoleArn() != null) out.put("role_arn", a.serviceAccountRoleArn());
        if (a.configurationValues() != null && !a.configurationValues().isEmpty()) out.put("configuration", a.configurationValues());
        return Live.of(a.addonName(), out);
    }
}
