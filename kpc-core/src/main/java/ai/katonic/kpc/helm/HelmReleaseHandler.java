package ai.katonic.kpc.helm;

import ai.katonic.kpc.plan.Charts;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.RunContext;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.k8s.KubeClients;
import ai.katonic.kpc.plan.Spec;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.Release;
import com.marcnuri.helm.UpgradeCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A Helm release, installed by Helm itself (helm-java runs Helm's Go library in-process), so it
 * shows in {@code helm list} and upgrades like any other: the chart archive kpc fetched and
 * verified (see {@link ChartSource}), the values of the spec, and the run's way to the API
 * (endpoint, CA, token, the SSH tunnel's proxy) in an in-memory kubeconfig — nothing of it on disk.
 * The namespace is kpc's own step (or kube-system): Helm's --create-namespace would validate it
 * against OpenAPI regardless of the switch. Helm does not wait for pods (kpc's steps are about what
 * exists, as for add-ons) and skips OpenAPI validation (the API server still validates each object).
 */
public final class HelmReleaseHandler implements Handler<Spec.HelmRelease>, Handler.Updater<Spec.HelmRelease> {
    private static final ExecutorService CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kpc-helm");
        t.setDaemon(true);
        return t;
    });

    public Class<Spec.HelmRelease> specType() { return Spec.HelmRelease.class; }

    public List<String> actions() {
        return List.of();
    }

    public Optional<Live> observe(StepContext ctx, Spec.HelmRelease spec) {
        // A failed or pending release is not there yet: create picks it up.
        return releases(ctx, spec).stream().filter(r -> r.getName().equals(spec.release()) && "deployed".equals(r.getStatus()))
                .findFirst().map(r -> live(spec, r));
    }

    /**
     * A new release; one that exists but did not deploy (a failed install) is upgraded in place, as helm
     * upgrade --install does. A release a killed or timed-out run left pending (Helm would answer "another
     * operation is in progress" for ever) is repaired first: a pending install, which never deployed, is
     * uninstalled and installed again; a pending upgrade has its pending revision marked failed, after
     * which Helm upgrades from the last deployed one.
     */
    public Live create(StepContext ctx, Spec.HelmRelease spec) {
        Optional<Release> latest = releases(ctx, spec).stream().filter(r -> r.getName().equals(spec.release()))
                .max(Comparator.comparingInt(r -> Integer.parseInt(r.getRevision())));
        if (latest.isEmpty()) return install(ctx, spec);
        String status = latest.get().getStatus();
        if (status.equals("pending-install")) {
            ctx.progress("release " + spec.release() + " was left pending-install by an interrupted run; uninstalling it to install again");
            delete(ctx, spec, null);
            return install(ctx, spec);
        }
        if (status.startsWith("pending-")) {
            ctx.progress("release " + spec.release() + " revision " + latest.get().getRevision() + " was left " + status
                    + " by an interrupted run; marking it failed so Helm upgrades again");
            HelmHistory.markFailed(ctx, spec, latest.get().getRevision());
        }
        return update(ctx, spec, null);
    }

    private Live install(StepContext ctx, Spec.HelmRelease spec) {
        Path archive = fetch(ctx, spec);
        ctx.progress("helm install " + spec.release() + " " + spec.chart() + " " + spec.version() + " in " + spec.namespace());
        InstallCommand install = new Helm(archive).install().withName(spec.release()).withNamespace(spec.namespace())
                .disableOpenApiValidation().withDescription("kpc:cluster=" + ctx.clusterName())
                .withTimeout(Charts.hookTimeoutSeconds(spec.release())).withKubeConfigContents(kubeconfig(ctx, spec));
        values(ctx, spec).forEach(install::set);
        return live(spec, call(ctx, spec, "install Helm release " + spec.release(), install::call));
    }

    public Live update(StepContext ctx, Spec.HelmRelease spec, Live live) {
        Path archive = fetch(ctx, spec);
        ctx.progress("helm upgrade " + spec.release() + " " + spec.chart() + " " + spec.version() + " in " + spec.namespace());
        UpgradeCommand upgrade = new Helm(archive).upgrade().withName(spec.release()).withNamespace(spec.namespace())
                .resetValues().disableOpenApiValidation().withDescription("kpc:cluster=" + ctx.clusterName())
                .withTimeout(Charts.hookTimeoutSeconds(spec.release())).withKubeConfigContents(kubeconfig(ctx, spec));
        values(ctx, spec).forEach(upgrade::set);
        return live(spec, call(ctx, spec, "upgrade Helm release " + spec.release(), upgrade::call));
    }

    private static Path fetch(StepContext ctx, Spec.HelmRelease spec) {
        return ChartSource.fetch(spec.repository(), spec.chart(), spec.version(), spec.appVersion(), spec.release(), chartDir(ctx.run()));
    }

    /**
     * The spec's values with the role ARNs and ids filled in. helm-java hands each pair to Helm
     * whole, so a comma in a value (a cron schedule like "0 2,14 * * *") needs no escaping
     * (HelmReleasesTest keeps that true).
     */
    static Map<String, String> values(StepContext ctx, Spec.HelmRelease spec) {
        Map<String, String> out = new java.util.LinkedHashMap<>(spec.values());
        spec.roleArns().forEach((key, role) -> out.put(key, ctx.dep(role).out("arn")));
        spec.ids().forEach((key, ref) -> out.put(key, ctx.id(ref)));
        return out;
    }

    public void delete(StepContext ctx, Spec.HelmRelease spec, Live live) {
        String kubeconfig = kubeconfig(ctx, spec);
        call(ctx, spec, "uninstall Helm release " + spec.release(), () -> Helm.uninstall(spec.release()).withNamespace(spec.namespace())
                .ignoreNotFound().withKubeConfigContents(kubeconfig).call());
    }

    private static List<Release> releases(StepContext ctx, Spec.HelmRelease spec) {
        String kubeconfig = kubeconfig(ctx, spec);
        return call(ctx, spec, "list Helm releases in " + spec.namespace(),
                () -> Helm.list().all().withNamespace(spec.namespace()).withKubeConfigContents(kubeconfig).call());
    }

    private static Live live(Spec.HelmRelease spec, Release r) {
        return Live.of(spec.release(), Map.of("namespace", spec.namespace(), "chart", String.valueOf(r.getChart()),
                "revision", String.valueOf(r.getRevision()), "app_version", String.valueOf(r.getAppVersion())));
    }

    /** The kubeconfig Helm reads, in memory: the token is a bearer token of 15 minutes, made for this call. */
    private static String kubeconfig(StepContext ctx, Spec.HelmRelease spec) {
        Live api = ctx.dep(spec.api());
        RunContext run = ctx.run();
        String proxy = KubeClients.proxyUrl(run, api).map(p -> "\n    proxy-url: " + p).orElse("");
        return "apiVersion: v1\nkind: Config\nclusters:\n- name: kpc\n  cluster:\n    server: " + api.out("endpoint")
                + "\n    certificate-authority-data: " + api.out("certificate_authority") + proxy
                + "\nusers:\n- name: kpc\n  user:\n    token: " + KubeClients.token(run, api).get()
                + "\ncontexts:\n- name: kpc\n  context: {cluster: kpc, user: kpc}\ncurrent-context: kpc\n";
    }

    /** One temporary directory a run for the chart archives it fetched, removed when the run closes. */
    private static Path chartDir(RunContext run) {
        return run.memo("helm-chart-dir", () -> {
            try {
                Path dir = Files.createTempDirectory("kpc-charts");
                run.onClose(() -> {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                    }
                });
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /**
     * A Helm call, bounded in time (the release's hook timeout and a minute more); while it runs, the
     * hooks Helm waits for are named on the step's progress line as they come. Helm's error is kpc's,
     * whole. Calls run in parallel as the graph allows: each builds its own Helm action configuration.
     */
    private static <T> T call(StepContext ctx, Spec.HelmRelease spec, String what, Callable<T> helm) {
        long limit = Charts.hookTimeoutSeconds(spec.release()) + 60L;
        long began = System.nanoTime();
        String outcome = "failed";
        Future<T> f = CALLS.submit(helm);
        HookWatch watch = new HookWatch(ctx, spec);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limit);
            long lastLook = System.nanoTime();
            while (true) {
                try {
                    T done = f.get(Math.min(2, Math.max(1, TimeUnit.NANOSECONDS.toSeconds(deadline - System.nanoTime()))), TimeUnit.SECONDS);
                    outcome = "ok";
                    return done;
                } catch (TimeoutException e) {
                    if (ai.katonic.kpc.engine.Interrupt.requested()) {
                        throw new KpcException.OperationFailed(what + ": interrupted while Helm was at it; the next apply repairs the release");
                    }
                    if (System.nanoTime() >= deadline) {
                        f.cancel(true);
                        throw new KpcException.OperationFailed(what + ": Helm did not finish in " + limit + " s"
                                + watch.waitingFor().map(h -> " (waiting for " + h + ")").orElse("")
                                + "; re-run `kpc apply`: the release is repaired and tried again");
                    }
                    if (System.nanoTime() - lastLook > 10_000_000_000L) {
                        watch.look();
                        lastLook = System.nanoTime();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KpcException.OperationFailed(what + ": interrupted");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof KpcException k) throw k;
            String m = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage().strip();
            if (m.contains("context canceled")) {
                ai.katonic.kpc.engine.Interrupt.request(); // the Ctrl-C went to Helm, which cancelled its call
                throw new KpcException.OperationFailed(what + ": interrupted; the next apply repairs the release");
            }
            throw new KpcException.OperationFailed(what + " (" + ctx.resourceId() + "): " + m);
        } finally {
            ai.katonic.kpc.engine.Interrupt.reclaim();
            ai.katonic.kpc.runtime.CallLog.line("helm", what, outcome, System.nanoTime() - began);
        }
    }
}
