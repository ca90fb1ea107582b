package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.preflight.Check;
import ai.katonic.kpc.aws.preflight.PreflightChecks;
import ai.katonic.kpc.errors.KpcException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "preflight", mixinStandardHelpOptions = true,
        description = "Check the account before apply: credentials, zones, instance types, quotas, CIDR, bucket, certificate. Exit 3 on a failure.")
final class PreflightCommand extends ClusterCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    OutputOption output;

    @Override
    public Integer call() {
        PrintWriter out = out();
        try (Session s = session()) {
            List<Check> checks = new PreflightChecks(s.aws, s.config, s.overrides).interruptedCreates(s.store.load()::createInterrupted).run();
            if (output.json()) {
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("passed", checks.stream().noneMatch(c -> c.verdict() == Check.Verdict.FAIL));
                json.put("checks", checks.stream().map(c -> Map.of("check", c.name(), "result", c.verdict().name().toLowerCase(java.util.Locale.ROOT),
                        "detail", c.detail(), "fix", c.fix())).toList());
                out.println(output.render(json));
            } else {
                print(out, checks);
            }
            out.flush();
            return verdict(checks);
        }
    }

    static void print(PrintWriter out, List<Check> checks) {
        Table t = new Table("CHECK", "RESULT", "DETAIL", "FIX");
        checks.forEach(c -> t.row(c.name(), c.verdict().name().toLowerCase(java.util.Locale.ROOT), c.detail(), c.fix()));
        t.print(out);
    }

    /** 0, or exit 3 naming the failed checks. */
    static int verdict(List<Check> checks) {
        List<String> failed = checks.stream().filter(c -> c.verdict() == Check.Verdict.FAIL).map(Check::name).toList();
        if (!failed.isEmpty()) throw new KpcException.PreflightFailed("preflight failed: " + String.join(", ", failed) + "; see the fixes above");
        return 0;
    }
}
