package ai.katonic.kpc.cli;

import ai.katonic.kpc.plan.Ids;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.k8s.KubeClients;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Where an app's sign-in lives: Superset's admin user, whose password kpc made at random and keeps only
 * in the cluster (the Secret superset/superset-kpc); printed only when asked, read through the same way
 * to the API as apply.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        header = "Show how to sign in to an app kpc installed (Superset's admin password with --show).",
        description = {"Superset: its admin user and where its password is (a Secret in the cluster, made at random by kpc);",
                "with --show, the password itself on standard output. Airbyte 0.40.32 has no login of its own: it is",
                "protected by the ALB (domain.allowed_cidrs, domain.oidc) or an internal load balancer."})
final class CredentialsCommand extends ClusterCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    OutputOption output;

    @Parameters(paramLabel = "APP", description = "superset or airbyte.")
    String app;

    @Option(names = "--show", description = "Print the password itself (read from the cluster).")
    boolean show;

    @Override
    public Integer call() {
        if (!app.equals("superset") && !app.equals("airbyte")) {
            throw new KpcException.InvalidInput("unknown app '" + app + "': kpc installs superset and airbyte");
        }
        PrintWriter out = out();
        try (Session s = session()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("app", app);
            boolean on = app.equals("superset") ? s.config.superset() : s.config.airbyte();
            if (!on) throw new KpcException.InvalidInput("apps." + app + " is false in " + config.file + ": kpc did not install " + app);
            if (app.equals("airbyte")) {
                m.put("url", "https://" + s.config.domain().connectorsHost());
                m.put("login", "none: Airbyte 0.40.32 has no users; who reaches it is decided by the ALB ("
                        + (s.config.domain().internal() ? "internal load balancer" : "domain.allowed_cidrs / domain.oidc") + ")");
                print(out, m);
                return 0;
            }
            String secret = ai.katonic.kpc.plan.HelmReleases.SUPERSET_SECRET;
            m.put("url", "https://" + s.config.domain().dashHost());
            m.put("user", "admin");
            m.put("secret", "superset/" + secret + " (key admin-password)");
            m.put("read_with", "kubectl -n superset get secret " + secret + " -o jsonpath='{.data.admin-password}' | base64 -d");
            if (show) {
                RunContext run = s.run(s.store.load(), new ai.katonic.kpc.engine.Progress(err(), true));
                Live api = run.live(Ids.KUBERNETES_API);
                if (api == null) throw new KpcException.OperationFailed("kpc has not reached this cluster's Kubernetes API yet: run `kpc apply` first");
                KubernetesClient k = KubeClients.of(run, api);
                Secret found = k.secrets().inNamespace("superset").withName(secret).get();
                if (found == null || found.getData() == null || !found.getData().containsKey("admin-password")) {
                    throw new KpcException.OperationFailed("no Secret superset/" + secret + " in the cluster; run `kpc apply` to make it");
                }
                String password = new String(Base64.getDecoder().decode(found.getData().get("admin-password")), StandardCharsets.UTF_8);
                if (!output.json()) {
                    // the password alone on stdout (for a pipe); what it is, on stderr
                    err().println("Superset admin password (user admin, " + m.get("url") + "):");
                    err().flush();
                    out.println(password);
                    return 0;
                }
                m.put("password", password);
            }
            print(out, m);
        }
        return 0;
    }

    private void print(PrintWriter out, Map<String, Object> m) {
        if (output.json()) {
            out.println(output.render(m));
            return;
        }
        m.forEach((k, v) -> out.println(k.replace('_', ' ') + ": " + v));
        if (m.containsKey("secret")) out.println("(or `kpc credentials superset --show`; change it in Superset after the first sign-in)");
    }
}
