package ai.katonic.kpc.cli;

import ai.katonic.kpc.config.ClusterConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import ai.katonic.kpc.aws.preflight.InstallerPolicy;
import picocli.CommandLine.Command;

@Command(name = "policy", mixinStandardHelpOptions = true, description = "Print IAM policies this config needs.",
        subcommands = {PolicyCommand.Installer.class, PolicyCommand.Backup.class})
final class PolicyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "installer", mixinStandardHelpOptions = true,
            header = "The IAM policies the installing identity needs for this config, with the commands that make them.",
            description = {"The IAM policies the installing identity needs for preflight, apply, status and destroy of this config:",
                    "exactly the actions kpc calls, scoped to this cluster's names and kpc:cluster tag where AWS allows,",
                    "split into as few customer managed policies kpc-<cluster>-installer-N as IAM's 6,144-character limit allows,",
                    "with the AWS CLI commands that create them and attach them to the installing user (or role)."})
    static final class Installer implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ConfigFileOption config;

        @picocli.CommandLine.Mixin
        OutputOption output;

        @picocli.CommandLine.Option(names = "--out-dir", paramLabel = "DIR",
                description = "Write each policy to DIR/kpc-<cluster>-installer-N.json (the printed commands then name those files).")
        java.nio.file.Path outDir;

        @picocli.CommandLine.Option(names = "--user", paramLabel = "NAME", description = "The IAM user the commands attach the policies to.")
        String user;

        @picocli.CommandLine.Option(names = "--role", paramLabel = "NAME", description = "The IAM role the commands attach the policies to, instead of a user.")
        String role;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws java.io.IOException {
            if (user != null && role != null) throw new ai.katonic.kpc.errors.KpcException.InvalidInput("give --user or --role, not both");
            ClusterConfig c = Configs.loadOffline(config.file, spec.commandLine().getErr());
            List<InstallerPolicy.Part> parts = InstallerPolicy.split(c);
            List<String> files = new java.util.ArrayList<>();
            for (InstallerPolicy.Part p : parts) {
                java.nio.file.Path file = (outDir == null ? java.nio.file.Path.of(".") : outDir).resolve(p.name() + ".json");
                files.add(file.toString());
                if (outDir != null) {
                    java.nio.file.Files.createDirectories(outDir);
                    java.nio.file.Files.writeString(file, Json.write(p.document()) + System.lineSeparator());
                }
            }
            List<String> commands = commands(parts, files);
            java.io.PrintWriter out = spec.commandLine().getOut();
            if (output.json()) {
                List<Map<String, Object>> list = new java.util.ArrayList<>();
                for (int i = 0; i < parts.size(); i++) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("name", parts.get(i).name());
                    m.put("characters", parts.get(i).characters());
                    if (outDir != null) m.put("file", files.get(i));
                    m.put("document", parts.get(i).document());
                    list.add(m);
                }
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("limit", InstallerPolicy.MANAGED_POLICY_LIMIT);
                json.put("policies", list);
                json.put("commands", commands);
                out.println(output.render(json));
                return 0;
            }
            out.println("# " + parts.size() + " customer managed policies (IAM allows " + InstallerPolicy.MANAGED_POLICY_LIMIT
                    + " characters without white space in one; 10 managed policies per user or role by default)");
            for (int i = 0; i < parts.size(); i++) {
                InstallerPolicy.Part p = parts.get(i);
                if (outDir != null) {
                    out.println("# wrote " + files.get(i) + " (" + p.characters() + " characters)");
                } else {
                    out.println("# " + p.name() + " (" + p.characters() + " characters): save as " + files.get(i));
                    out.println(Json.write(p.document()));
                }
            }
            out.println("# create and attach them:");
            commands.forEach(out::println);
            return 0;
        }

        private List<String> commands(List<InstallerPolicy.Part> parts, List<String> files) {
            List<String> out = new java.util.ArrayList<>();
            out.add("ACCOUNT=$(aws sts get-caller-identity --query Account --output text)");
            String attach = role != null ? "aws iam attach-role-policy --role-name " + role
                    : "aws iam attach-user-policy --user-name " + (user != null ? user : "\"$INSTALLER_USER\"");
            for (int i = 0; i < parts.size(); i++) {
                String name = parts.get(i).name();
                out.add("aws iam create-policy --policy-name " + name + " --policy-document file://" + files.get(i));
                out.add(attach + " --policy-arn \"arn:aws:iam::${ACCOUNT}:policy/" + name + "\"");
            }
            return out;
        }
    }

    @Command(name = "backup", mixinStandardHelpOptions = true,
            description = "The seed's policy for the identity that writes platform backups, for this config's bucket.")
    static final class Backup implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        ConfigFileOption config;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            ClusterConfig c = Configs.loadOffline(config.file, spec.commandLine().getErr());
            spec.commandLine().getOut().println(Json.write(ai.katonic.kpc.plan.BackupPolicy.seed(c.backup().bucket())));
            return 0;
        }
    }
}
