package ai.katonic.kpc.aws.iam;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.util.List;
import java.util.Optional;

/**
 * The cluster's IAM OIDC provider, which lets Kubernetes service accounts assume IAM roles (IRSA).
 * Its ARN is derived from the issuer URL, so it is found without a tag search; whether it is kpc's
 * is read from its tags. One made by someone else for this cluster (eksctl, a person) is used
 * read-only: kpc says so and never deletes it.
 */
public final class OidcProviderHandler implements Handler<Spec.OidcProvider>, Handler.Inventory {
    /** IAM no longer checks the thumbprint for EKS issuers, but older API versions require one. */
    static final String THUMBPRINT = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";

    public Class<Spec.OidcProvider> specType() { return Spec.OidcProvider.class; }

    public List<String> actions() {
        return List.of("iam:CreateOpenIDConnectProvider", "iam:ListOpenIDConnectProviders",
                "iam:TagOpenIDConnectProvider", "iam:ListOpenIDConnectProviderTags", "iam:DeleteOpenIDConnectProvider");
    }

    private static String hostPath(StepContext ctx, Spec.OidcProvider spec) {
        return ctx.dep(spec.cluster()).out("oidc_issuer").replaceFirst("^https://", "");
    }

    public Optional<Live> observe(StepContext ctx, Spec.OidcProvider spec) {
        String suffix = ":oidc-provider/" + hostPath(ctx, spec);
        Optional<String> arn = ctx.aws().iam().listOpenIDConnectProviders().openIDConnectProviderList().stream()
                .map(p -> p.arn()).filter(a -> a.endsWith(suffix)).findFirst();
        if (arn.isEmpty()) return Optional.empty();
        if (ours(ctx, arn.get())) return arn.map(Live::of);
        ctx.progress("using " + arn.get() + " read-only: it is not tagged " + ClusterConfig.OWNER_TAG + "=" + ctx.clusterName()
                + " (made outside kpc); destroy leaves it");
        return Optional.of(Live.of(arn.get(), java.util.Map.of(READ_ONLY, "true")));
    }

    /** An output marking a provider kpc uses but did not make. */
    static final String READ_ONLY = "read_only";

    private static boolean ours(StepContext ctx, String arn) {
        return ours(ctx.aws().iam(), ctx.clusterName(), arn);
    }

    /** Whether the provider carries this cluster's tag (read from the provider, not trusted to state). */
    private static boolean ours(software.amazon.awssdk.services.iam.IamClient iam, String cluster, String arn) {
        return iam.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(arn)).tags().stream()
                .anyMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(cluster));
    }

    public Live create(StepContext ctx, Spec.OidcProvider spec) {
        String issuer = ctx.dep(spec.cluster()).out("oidc_issuer");
        String arn = ctx.aws().iam().createOpenIDConnectProvider(r -> r.url(issuer).clientIDList("sts.amazonaws.com")
                .thumbprintList(THUMBPRINT).tags(IamTags.of(ctx))).openIDConnectProviderArn();
        return Live.of(arn);
    }

    public void delete(StepContext ctx, Spec.OidcProvider spec, Live live) {
        try {
            // Checked on the provider itself, not trusted to state: IRSA of another cluster, or of eksctl, hangs on it.
            if (!ours(ctx, live.awsId())) {
                ctx.progress("left alone: " + live.awsId() + " is not tagged " + ClusterConfig.OWNER_TAG + "=" + ctx.clusterName());
                return;
            }
            ctx.aws().iam().deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(live.awsId()));
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
        }
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return aws.iam().listOpenIDConnectProviders().openIDConnectProviderList().stream().map(p -> p.arn())
                .filter(arn -> ours(aws.iam(), cluster, arn)).map(arn -> "oidc_provider " + arn).toList();
    }

    public List<String> leftoverActions() {
        return List.of("iam:ListOpenIDConnectProviders", "iam:ListOpenIDConnectProviderTags");
    }
}
