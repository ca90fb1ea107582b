package ai.katonic.kpc.k8s;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Secret the AWS Load Balancer Controller reads for an Ingress's OIDC login ({@code clientID},
 * {@code clientSecret}), the client secret read from Secrets Manager at apply time, and a Role and
 * RoleBinding that let the controller's service account read this Secret (the chart grants it no
 * Secrets unless told to read all of them). The secret's value is only ever in the cluster: the live
 * record carries the Secret's name, nothing of its data.
 */
public final class AlbOidcSecretHandler implements Handler<Spec.AlbOidcSecret>, Handler.Updater<Spec.AlbOidcSecret> {
    static final String CONTROLLER_SA = "aws-load-balancer-controller";

    public Class<Spec.AlbOidcSecret> specType() { return Spec.AlbOidcSecret.class; }

    public List<String> actions() {
        return List.of("secretsmanager:GetSecretValue");
    }

    public Optional<Live> observe(StepContext ctx, Spec.AlbOidcSecret spec) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        Secret s = Kube.call(ctx, "read Secret " + spec.name(), () -> k.secrets().inNamespace(spec.namespaceName()).withName(spec.name()).get());
        return s == null ? Optional.empty() : Optional.of(Live.of(Kube.requireOurs(ctx, s).getMetadata().getName()));
    }

    public Live create(StepContext ctx, Spec.AlbOidcSecret spec) {
        write(ctx, spec);
        return Live.of(spec.name());
    }

    /** A changed client id or secret ARN: the secret is read and written again. */
    public Live update(StepContext ctx, Spec.AlbOidcSecret spec, Live live) {
        write(ctx, spec);
        return Live.of(spec.name());
    }

    private static void write(StepContext ctx, Spec.AlbOidcSecret spec) {
        String value = ctx.aws().secrets().getSecretValue(r -> r.secretId(spec.clientSecretArn())).secretString();
        if (value == null || value.isBlank()) {
            throw new ai.katonic.kpc.errors.KpcException.OperationFailed(spec.clientSecretArn()
                    + " has no text value; store the OIDC client secret as the secret's plain text");
        }
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        String ns = spec.namespaceName();
        Secret secret = new SecretBuilder().withNewMetadata().withName(spec.name()).withNamespace(ns).withLabels(Kube.labels(ctx)).endMetadata()
                .withType("Opaque").withStringData(Map.of("clientID", spec.clientId(), "clientSecret", value)).build();
        Role role = new RoleBuilder().withNewMetadata().withName(spec.name() + "-reader").withNamespace(ns).withLabels(Kube.labels(ctx)).endMetadata()
                .addNewRule().withApiGroups("").withResources("secrets").withResourceNames(spec.name()).withVerbs("get", "list", "watch").endRule()
                .build();
        RoleBinding binding = new RoleBindingBuilder().withNewMetadata().withName(spec.name() + "-reader").withNamespace(ns)
                .withLabels(Kube.labels(ctx)).endMetadata()
                .withNewRoleRef().withApiGroup("rbac.authorization.k8s.io").withKind("Role").withName(spec.name() + "-reader").endRoleRef()
                .addNewSubject().withKind("ServiceAccount").withName(CONTROLLER_SA).withNamespace("kube-system").endSubject().build();
        Kube.run(ctx, "write Secret " + spec.name(), () -> k.secrets().inNamespace(ns).resource(secret).createOr(s -> s.update()));
        Kube.run(ctx, "write Role " + role.getMetadata().getName(), () -> k.rbac().roles().inNamespace(ns).resource(role).createOr(r -> r.update()));
        Kube.run(ctx, "write RoleBinding " + binding.getMetadata().getName(),
                () -> k.rbac().roleBindings().inNamespace(ns).resource(binding).createOr(r -> r.update()));
    }

    public void delete(StepContext ctx, Spec.AlbOidcSecret spec, Live live) {
        KubernetesClient k = KubeClients.of(ctx, spec.api());
        String ns = spec.namespaceName();
        Kube.deleteOurs(ctx, "RoleBinding " + ns + "/" + spec.name() + "-reader", k.rbac().roleBindings().inNamespace(ns).withName(spec.name() + "-reader"));
        Kube.deleteOurs(ctx, "Role " + ns + "/" + spec.name() + "-reader", k.rbac().roles().inNamespace(ns).withName(spec.name() + "-reader"));
        Kube.deleteOurs(ctx, "Secret " + ns + "/" + spec.name(), k.secrets().inNamespace(ns).withName(spec.name()));
    }
}
