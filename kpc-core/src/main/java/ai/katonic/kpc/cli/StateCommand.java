package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.backup.StateCopy;
import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.state.State;
import ai.katonic.kpc.state.StateStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "state", mixinStandardHelpOptions = true, description = "The cluster's state: list, show, rm (forget without deleting), pull.",
        subcommands = {StateCommand.ListCommand.class, StateCommand.Show.class, StateCommand.Rm.class, StateCommand.Pull.class})
final class StateCommand {

    /** The state of the config's cluster, read without asking AWS anything a local state does not need. */
    private static final class Opened implements AutoCloseable {
        final AwsClients aws;
        final StateStore store;
        final Path file;

        Opened(picocli.CommandLine.Model.CommandSpec spec, Path configFile) {
            KpcCommand root = (KpcCommand) spec.root().userObject();
            PrintWriter err = spec.commandLine().getErr();
            ClusterConfig c = Configs.loadOffline(configFile, err);
            String region = root.region != null ? root.region : c.region();
            aws = Session.aws(root, region);
            Path dir = Session.localDir(root.kpcDir(configFile.toAbsolutePath().getParent()), c.clusterName(), region, err);
            store = Session.store(c, region, aws, dir);
            file = dir.resolve("state.json");
        }

        State.Entry entry(State state, String id) {
            State.Entry e = state.get(id);
            if (e == null) {
                List<String> ids = new ArrayList<>(state.snapshot().keySet());
                throw new KpcException.InvalidInput("state has no resource '" + id + "'"
                        + ai.katonic.kpc.config.Suggest.didYouMean(id, ids) + " (`kpc state list` shows them)");
            }
            return e;
        }

        @Override
        public void close() {
            aws.close();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "One line per resource state records: id, type, AWS id, status.")
    static final class ListCommand extends ClusterCommand implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        OutputOption output;

        @Override
        public Integer call() {
            PrintWriter out = out();
            try (Opened o = new Opened(spec, config.file)) {
                Map<String, State.Entry> all = o.store.load().snapshot();
                if (output.json()) {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    all.forEach((id, e) -> {
                        Map<String, Object> m = new LinkedHashMap<>();
                        m.put("id", id);
                        m.put("type", e.type());
                        m.put("aws_id", e.awsId());
                        m.put("status", e.status());
                        rows.add(m);
                    });
                    out.println(output.render(Map.of("resources", rows)));
                } else {
                    Table t = new Table("RESOURCE", "TYPE", "AWS ID", "STATUS");
                    all.forEach((id, e) -> t.row(id, e.type(), e.awsId() == null ? "-" : e.awsId(), String.valueOf(e.status())));
                    t.print(out);
                    out.println();
                    out.println(all.size() + " resources in " + o.file);
                }
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "What state records of one resource: its AWS id, outputs and the spec it was made with.")
    static final class Show extends ClusterCommand implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        OutputOption output;

        @picocli.CommandLine.Parameters(index = "0", paramLabel = "ID", description = "A resource id, as `kpc state list` shows it.")
        String id;

        @Override
        public Integer call() {
            PrintWriter out = out();
            try (Opened o = new Opened(spec, config.file)) {
                State.Entry e = o.entry(o.store.load(), id);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", id);
                m.put("type", e.type());
                m.put("aws_id", e.awsId());
                m.put("status", e.status());
                if (e.error() != null) m.put("error", e.error());
                m.put("updated_at", e.updatedAt());
                m.put("outputs", e.outputs() == null ? Map.of() : e.outputs());
                m.put("spec", e.spec() == null ? Map.of() : e.spec());
                if (output.json()) {
                    out.println(output.render(m));
                } else {
                    m.forEach((k, v) -> {
                        if (v instanceof Map<?, ?> sub) {
                            out.println(k + ":");
                            sub.forEach((sk, sv) -> out.println("  " + sk + " = " + sv));
                        } else {
                            out.println(k + " = " + (v == null ? "-" : v));
                        }
                    });
                }
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "rm", mixinStandardHelpOptions = true,
            description = {"Forget a resource: state no longer records it; nothing in AWS is deleted or changed.",
                    "The next apply adopts it again by its tags, or makes a new one if it is gone (Terraform's state rm)."})
    static final class Rm extends ClusterCommand implements Callable<Integer> {
        @picocli.CommandLine.Parameters(index = "0", paramLabel = "ID", description = "A resource id, as `kpc state list` shows it.")
        String id;

        @Option(names = "--yes", description = "Do not ask for confirmation.")
        boolean yes;

        @Override
        public Integer call() {
            PrintWriter out = out();
            try (Opened o = new Opened(spec, config.file); StateStore.Lock lock = o.store.lock("state rm")) {
                State state = o.store.load();
                State.Entry e = o.entry(state, id);
                Confirm.ask(yes, "Forget " + id + " (" + e.type() + (e.awsId() == null ? "" : " " + e.awsId())
                        + ")? It stays in AWS.", out);
                state.removed(id);
                o.store.save(state);
                out.println("forgot " + id + (e.awsId() == null ? "" : " (" + e.awsId() + ", still in AWS)"));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            header = "Recreate the local state from the copy `kpc apply` keeps in the backup bucket.",
            description = {"Recreate the local state from the copy `kpc apply` keeps in the backup bucket",
                    "(s3://<backup.bucket>/kpc/<cluster_name>/state.json), after .kpc/ was lost. The jump host's generated",
                    "SSH key is not in the copy: with access.mode tunnel, give access.ssh_private_key or use direct."})
    static final class Pull extends ClusterCommand implements Callable<Integer> {
        @Option(names = "--force", description = "Replace an existing local state file.")
        boolean force;

        @picocli.CommandLine.ParentCommand
        StateCommand parent;

        @Override
        public Integer call() {
            KpcCommand root = (KpcCommand) spec.root().userObject();
            try (Session s = new Session(root, config.file, err())) {
                if (!StateCopy.applies(s.config)) {
                    throw new KpcException.InvalidInput("state.backend is s3 in " + config.file + ": the state already lives in s3://"
                            + s.config.state().bucket() + "; there is nothing to pull");
                }
                Path file = s.store.localDir().resolve("state.json");
                StateCopy.pull(s.aws, s.config, file, force);
                out().println("state restored to " + file + " from " + StateCopy.location(s.config) + "state.json");
            }
            return 0;
        }
    }
}
