package ai.katonic.kpc.sim.cli;

/** What {@code kpc demo} runs: the README's whole job, init to destroy, each command as a user types it. */
final class DemoSteps {
    private DemoSteps() {}

    /** The demo's commands, each as typed, against the simulated cloud at {@code ep}. */
    static String[][] of(String ep, String region, String file) {
        return new String[][] {
            // init asks the simulated EKS which versions it offers, as it asks EKS anywhere.
            {"--endpoint-url", ep, "init", "--cluster-name", "katonic-demo", "--region", region, "--out", file},
            {"validate", "-f", file},
            // No separate `kpc plan`: apply prints the plan before it starts, so it is shown once.
            {"--endpoint-url", ep, "apply", "-f", file, "--yes"},
            {"--endpoint-url", ep, "apply", "-f", file, "--yes"},
            {"--endpoint-url", ep, "status", "-f", file},
            // the simulated cluster runs Velero's server: a backup lands in the backup bucket as Velero writes it
            {"--endpoint-url", ep, "backup", "create", "demo-backup", "--wait", "-f", file},
            {"--endpoint-url", ep, "backup", "verify", "demo-backup", "-f", file},
            {"--endpoint-url", ep, "destroy", "-f", file, "--yes", "--delete-backups"}};
    }
}
