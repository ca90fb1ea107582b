package ai.katonic.kpc.sim;

import ai.katonic.kpc.EndToEnd;
import ai.katonic.kpc.engine.LatencyProfile;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.KubernetesLeftInVpc;
import ai.katonic.kpc.engine.Moto;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof #6 asks for: an identity holding only what `kpc policy installer` prints can run
 * apply, status, a config change after the local state was lost, destroy and preflight of the
 * example (with what Kubernetes leaves in a VPC, backups in the bucket and another cluster's OIDC
 * provider in the account); without any single one of its actions it cannot, and kpc's message
 * names that action.
 *
 * <p>moto enforces IAM (switched on through {@code /moto-api/reset-auth}) for EC2, IAM, ELB, SSM
 * and EKS; {@link IamEnforcement} in the simulator does it for EFS, S3 (by AWS's action names)
 * and Service Quotas, and checks dependent actions (iam:PassRole, tag-on-create) everywhere.
 * moto compares a statement's Resource with {@code *} for every service but S3 (it does not
 * compute ARNs), so the enforced copy widens those to {@code *}; S3's stay as printed. The
 * narrowing itself is checked in {@code InstallerPolicyTest}.
 */
@EndToEnd
class InstallerPolicyProofTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Three emulated clouds run the single-action cases side by side (moto is single-threaded; the proof is the suite's longest class, its tail). */
    private static final int WORKERS = 3;
    /**
     * How many actions are missing in one run (see {@link #withoutAnyOneOfItsActionsKpcFailsAndNamesIt}): a worker's share
     * is every third action in the order first called, so a few in a row are mostly in different steps.
     */
    private static final int BATCH = 6;

    @TempDir
    static Path dir;

    /** The printed managed policies, made enforceable (see {@link #enforceable}). */
    static List<ObjectNode> policy;
    static final List<Worker> workers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        System.setProperty("kpc.timeScale", "0.01");
        Path config = Moto.config(dir, "proof");
        Path printed = dir.resolve("installer-policies");
        Cli.Result r = Cli.run("policy", "installer", "-f", config.toString(), "--out-dir", printed.toString(), "-o", "json");
        assertThat(r.exit()).as(r.all()).isZero();
        List<ObjectNode> parts = new ArrayList<>();
        for (JsonNode p : JSON.readTree(r.out()).get("policies")) parts.add((ObjectNode) JSON.readTree(Path.of(p.get("file").asString()).toFile()));
        assertThat(parts).as("IAM takes the installer policy only in parts").hasSizeGreaterThan(1);
        policy = enforceable(parts);
        for (int i = 0; i < WORKERS; i++) workers.add(new Worker(Files.createDirectories(dir.resolve("w" + i))));
    }

    @AfterAll
    static void stop() {
        System.clearProperty("kpc.timeScale");
        workers.forEach(Worker::close);
    }

    @Test
    void enforcementIsOnAndRefusesWhatThePolicyLacks() throws Exception {
        Worker w = workers.get(0);
        w.reset(List.of((ObjectNode) JSON.createObjectNode().put("Version", "2012-10-17").set("Statement", JSON.createArrayNode().add(
                JSON.createObjectNode().put("Effect", "Allow").put("Action", "iam:GetUser").put("Resource", "*")))));
        Cli.Result r = w.kpc("preflight", "-f", w.config.toString());
        assertThat(r.exit()).as(r.all()).isEqualTo(3);
        assertThat(r.all()).contains("the installer policy lacks ec2:DescribeAvailabilityZones");
    }

    /**
     * Actions of the policy that only a recovery path calls, which this test's life of the example never
     * takes; the test named beside each proves that path (and so that the action is needed).
     */
    static final java.util.Map<String, String> PROVEN_ELSEWHERE = java.util.Map.of(
            "kms:ListKeys", "only after a run was killed between CreateKey and CreateAlias: KilledBetweenTwoCallsTest");

    /** The actions the whole policy's life of the example called, in the order first called (one run, shared by the tests). */
    private static List<String> firstCalled;

    static synchronized List<String> firstCalled() throws Exception {
        if (firstCalled != null) return firstCalled;
        Worker w = workers.get(0);
        w.reset(policy);
        assertThat(w.runFrom(0).failure()).as("with the whole policy").isNull();
        java.util.LinkedHashSet<String> called = new java.util.LinkedHashSet<>();
        w.sim.proxy().calls().stream().filter(c -> c.accessKey().equals(w.installerKey)).forEach(c -> called.addAll(c.iamActions()));
        called.remove("sts:GetCallerIdentity"); // AWS allows it to any identity; the policy leaves it out
        firstCalled = List.copyOf(called);
        return firstCalled;
    }

    @Test
    void thePolicyIsEnoughAndExactlyWhatKpcCalls() throws Exception {
        Set<String> called = new TreeSet<>(firstCalled());
        Set<String> expected = new TreeSet<>(printedActions());
        expected.removeAll(PROVEN_ELSEWHERE.keySet());
        assertThat(called).as("what kpc called (and AWS checks with those calls)").isEqualTo(expected);
    }

    /**
     * Each action is taken away, in the order the life first calls them, and each worker carries its share along
     * one life of the example (Terraform's way of not redoing what is done): without the next actions the run goes
     * on from the command the previous one stopped, on the same cloud, with what that command left; actions whose
     * absence is not met there (another branch of the walk did their work while earlier actions were missing, say)
     * are taken away again on a fresh cloud from the first command.
     *
     * <p>{@link #BATCH} actions are missing at a time. That proves each as much as taking it away alone: a step
     * stops at the first call the policy refuses and names that call's action, and a step that ran had every step
     * it depends on succeed, so a step that failed naming A does the same calls, and fails at the same one, with A
     * alone missing. An action the run did not name (its step was skipped, or stopped at another missing action
     * first) stays missing in the next run; one still not named from the first command is taken away alone.
     */
    @Test
    void withoutAnyOneOfItsActionsKpcFailsAndNamesIt() throws Exception {
        List<String> order = new ArrayList<>(firstCalled());
        for (String a : printedActions()) if (!order.contains(a)) order.add(a);
        order.removeAll(PROVEN_ELSEWHERE.keySet());
        List<String> unproven = Collections.synchronizedList(new ArrayList<>());
        ExecutorService pool = Executors.newFixedThreadPool(WORKERS);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                Worker w = workers.get(i);
                List<String> share = new ArrayList<>();
                for (int j = i; j < order.size(); j += WORKERS) share.add(order.get(j));
                running.add(pool.submit(() -> {
                    w.prove(share, unproven);
                    return null;
                }));
            }
            for (Future<?> f : running) f.get();
        } finally {
            pool.shutdownNow();
        }
        assertThat(unproven).as("actions whose absence kpc did not report").isEmpty();
    }

    /**
     * One emulated cloud with IAM enforced, an administrator, and an installer user whose policy
     * the test sets. Credentials reach kpc per run through the profile file kpc is pointed at.
     */
    static final class Worker implements AutoCloseable {
        final Simulator sim = Simulator.start(LatencyProfile.instant(), null, 7);
        final IamEnforcement enforcement = new IamEnforcement(sim.moto().endpoint(), "none", "none",
                Set.of("elasticfilesystem", "servicequotas", "s3", "acm", "eks:CreateAddon", "eks:DescribeAddon", "eks:ListAddons",
                        "eks:UpdateAddon", "eks:DeleteAddon", "eks:DescribeClusterVersions"));
        final Path home;
        final Path config;
        final String profile;
        String installerKey;
        Seeds seeds;
        /** The administrator's keys of the current cloud. */
        StaticCredentialsProvider admin;

        Worker(Path home) throws IOException {
            this.home = home;
            this.config = Moto.config(home, "proof");
            this.profile = "installer-" + home.getFileName();
            sim.proxy().first(enforcement);
        }

        /**
         * A fresh cloud: moto emptied, users made again, the installer holding {@code documents} as customer
         * managed policies, made and attached through the simulator (which holds them to IAM's limits).
         */
        void reset(List<ObjectNode> documents) throws Exception {
            post(sim.moto().endpoint(), "/moto-api/reset", "");
            post(sim.moto().endpoint(), "/moto-api/reset-auth", "inf");
            deleteTree(home.resolve(".kpc"));
            try (var bootstrap = Moto.client(sim.moto().endpoint(), software.amazon.awssdk.services.iam.IamClient.builder())) {
                bootstrap.createUser(b -> b.userName("admin"));
                bootstrap.putUserPolicy(b -> b.userName("admin").policyName("all").policyDocument(
                        "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}"));
                var admin = bootstrap.createAccessKey(b -> b.userName("admin")).accessKey();
                bootstrap.createUser(b -> b.userName("installer"));
                sim.proxy().find(IamLimits.class).orElseThrow().admin(admin.accessKeyId(), admin.secretAccessKey());
                this.admin = StaticCredentialsProvider.create(AwsBasicCredentials.create(admin.accessKeyId(), admin.secretAccessKey()));
                attach(documents);
                var installer = bootstrap.createAccessKey(b -> b.userName("installer")).accessKey();
                installerKey = installer.accessKeyId();
                Credentials.put(profile, installer.accessKeyId(), installer.secretAccessKey());
                enforcement.admin(admin.accessKeyId(), admin.secretAccessKey());
                sim.proxy().find(EksAddons.class).orElseThrow().admin(admin.accessKeyId(), admin.secretAccessKey());
                sim.proxy().find(TransportSecurity.class).orElseThrow().admin(admin.accessKeyId(), admin.secretAccessKey());
                seeds = new Seeds(sim.moto().endpoint(), admin.accessKeyId(), admin.secretAccessKey(), "proof");
            }
            post(sim.moto().endpoint(), "/moto-api/reset-auth", "0");
            enforcement.enable();
        }

        /**
         * The installer's policies replaced by {@code documents} on the cloud as it is (as an administrator, through the
         * simulator, which holds them to IAM's limits).
         */
        void setPolicy(List<ObjectNode> documents) {
            try (var iam = iam(sim.endpoint())) {
                for (var p : iam.listAttachedUserPolicies(b -> b.userName("installer")).attachedPolicies()) {
                    iam.detachUserPolicy(b -> b.userName("installer").policyArn(p.policyArn()));
                    iam.deletePolicy(b -> b.policyArn(p.policyArn()));
                }
            }
            attach(documents);
            enforcement.policiesChanged();
        }

        private void attach(List<ObjectNode> documents) {
            try (var iam = iam(sim.endpoint())) {
                for (int i = 0; i < documents.size(); i++) {
                    String name = "kpc-proof-installer-" + (i + 1);
                    String doc = documents.get(i).toString();
                    String arn = iam.createPolicy(b -> b.policyName(name).policyDocument(doc)).policy().arn();
                    iam.attachUserPolicy(b -> b.userName("installer").policyArn(arn));
                }
            }
        }

        private software.amazon.awssdk.services.iam.IamClient iam(String endpoint) {
            return software.amazon.awssdk.services.iam.IamClient.builder().region(software.amazon.awssdk.regions.Region.AWS_GLOBAL)
                    .endpointOverride(URI.create(endpoint)).credentialsProvider(admin).build();
        }

        /** What a run of the life from one command gave: the output of the command that failed (null: none did), and which. */
        record Run(String failure, int at) {}

        /**
         * Carries {@code actions} along the life, a few at a time missing (see the test): an action not reported
         * is added to {@code unproven} with what happened.
         */
        void prove(List<String> actions, List<String> unproven) throws Exception {
            List<String> pending = new ArrayList<>(actions);
            int at = -1; // the command the cloud's life stopped at; -1: no life under way
            int fresh = 0, runs = 0;
            while (!pending.isEmpty()) {
                List<String> batch = List.copyOf(pending.subList(0, Math.min(BATCH, pending.size())));
                Run run;
                if (at >= 0) {
                    setPolicy(without(policy, batch));
                    run = runFrom(at);
                } else {
                    reset(without(policy, batch));
                    run = runFrom(0);
                    fresh++;
                }
                runs++;
                List<String> named = batch.stream().filter(a -> proves(run, a)).toList();
                if (!named.isEmpty()) {
                    pending.removeAll(named);
                    at = run.at();
                } else if (at >= 0) {
                    at = -1; // met nowhere on the rest of this life: from the first command on a fresh cloud
                } else {
                    // from the first command and still not named: the first of them, alone, says why
                    String first = batch.get(0);
                    reset(without(policy, List.of(first)));
                    Run alone = runFrom(0);
                    fresh++;
                    runs++;
                    if (alone.failure() == null) unproven.add(first + ": every command succeeded without it");
                    else if (!proves(alone, first)) unproven.add(first + ": " + alone.failure());
                    pending.remove(first);
                    at = proves(alone, first) ? alone.at() : -1;
                }
            }
            System.out.printf("%s: %d actions in %d runs, %d of them from a fresh cloud%n", home.getFileName(), actions.size(), runs, fresh);
        }

        /** Whether the run failed naming {@code action} as the one the policy lacks (not an action whose name begins so). */
        private static boolean proves(Run run, String action) {
            return run.failure() != null && java.util.regex.Pattern.compile("the installer policy lacks " + java.util.regex.Pattern.quote(action)
                    + "(?![A-Za-z0-9])").matcher(run.failure()).find();
        }

        /** The life of the example, one command (or one thing another party does) each. */
        private String[][] life() throws IOException {
            String c = config.toString();
            Path resized = home.resolve("resized.yaml");
            if (!Files.exists(resized)) {
                // A bigger platform group, and the VPC CNI's network policy on (which changes its add-on in place).
                String changed = Files.readString(config).replace("desired_size: 2, max_size: 4", "desired_size: 2, max_size: 5")
                        .replace("network_policy: calico ", "network_policy: vpc-cni");
                if (changed.equals(Files.readString(config)) || !changed.contains("vpc-cni")) throw new IllegalStateException("config not changed");
                Files.writeString(resized, changed);
            }
            return new String[][] {
                    {"apply", "-f", c, "--yes", "--skip-preflight"},
                    {"seed"},
                    {"status", "-f", c},
                    {"state", "pull", "-f", c, "--force"},
                    {"lose-state"},
                    {"apply", "-f", resized.toString(), "--yes", "--skip-preflight"},
                    {"backup"},
                    {"destroy", "-f", c, "--yes", "--delete-backups"},
                    {"preflight", "-f", c}};
        }

        /**
         * The life from command {@code from} on: apply, (Kubernetes leftovers and another cluster's OIDC provider), status, a state pull
         * (the copy apply keeps in the bucket), (the local state lost), apply of a changed size and network policy (which adopts everything by tag, reads
         * the bucket's tags and updates the CNI add-on), (a backup written), destroy, then preflight (last: its policy simulation would
         * otherwise report a missing delete action before destroy's own call met it).
         */
        Run runFrom(int from) throws IOException {
            String[][] life = life();
            for (int i = from; i < life.length; i++) {
                String[] args = life[i];
                if (args[0].equals("seed")) {
                    seeds.leftovers();
                } else if (args[0].equals("backup")) {
                    seeds.backup();
                } else if (args[0].equals("lose-state")) {
                    deleteTree(home.resolve(".kpc"));
                } else {
                    Cli.Result r = kpc(args);
                    if (r.exit() != 0) return new Run("kpc " + args[0] + " exit " + r.exit() + ": " + r.all(), i);
                }
            }
            return new Run(null, life.length);
        }

        Cli.Result kpc(String... args) {
            List<String> all = new ArrayList<>(List.of("--endpoint-url", sim.endpoint(), "--profile", profile));
            all.addAll(List.of(args));
            return Cli.run(all.toArray(String[]::new));
        }

        @Override
        public void close() {
            sim.close();
        }
    }

    /**
     * One shared credentials file with a profile per worker (the SDK finds it through a JVM-wide
     * property), rewritten whole and moved into place so a reader never sees half of it.
     */
    static final class Credentials {
        private static final java.util.Map<String, String[]> KEYS = new java.util.TreeMap<>();

        static synchronized void put(String profile, String key, String secret) throws IOException {
            KEYS.put(profile, new String[] {key, secret});
            StringBuilder text = new StringBuilder();
            KEYS.forEach((p, k) -> text.append('[').append(p).append("]\naws_access_key_id = ").append(k[0])
                    .append("\naws_secret_access_key = ").append(k[1]).append('\n'));
            Path file = dir.resolve("credentials");
            Path tmp = Files.writeString(dir.resolve("credentials.tmp"), text);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            System.setProperty("aws.sharedCredentialsFile", file.toString());
        }
    }

    /** Things other parties put in the account while the cluster runs, which destroy must cope with. */
    record Seeds(String endpoint, String key, String secret, String cluster) implements KubernetesLeftInVpc.Clients {
        @Override
        public <C, B extends software.amazon.awssdk.awscore.client.builder.AwsClientBuilder<B, C>> C client(B builder) {
            return builder.region(software.amazon.awssdk.regions.Region.US_EAST_1).endpointOverride(URI.create(endpoint))
                    .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                            software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create(key, secret))).build();
        }

        /** What Kubernetes leaves in the VPC (see {@link KubernetesLeftInVpc}), and another cluster's OIDC provider. */
        void leftovers() {
            KubernetesLeftInVpc.make(this, cluster);
            client(software.amazon.awssdk.services.iam.IamClient.builder().region(software.amazon.awssdk.regions.Region.AWS_GLOBAL))
                    .createOpenIDConnectProvider(b -> b.url("https://oidc.eks.us-east-1.amazonaws.com/id/OTHERCLUSTER")
                            .clientIDList("sts.amazonaws.com").thumbprintList("9e99a48a9960b14926bb7f3b02e22da2b0ab7280")
                            .tags(t -> t.key("kpc:cluster").value("another")));
        }

        /** A backup Velero wrote while the cluster ran, which destroy --delete-backups must remove. */
        void backup() {
            // moto's copy of the bucket policy has no TLS-only Deny (see TransportSecurity), so this write, like Velero's over TLS, is allowed.
            var s3 = client(software.amazon.awssdk.services.s3.S3Client.builder().forcePathStyle(true)
                    .requestChecksumCalculation(software.amazon.awssdk.core.checksums.RequestChecksumCalculation.WHEN_REQUIRED));
            String bucket = cluster + "-backups";
            s3.putObject(b -> b.bucket(bucket).key("velero/backups/nightly/nightly.tar.gz"),
                    software.amazon.awssdk.core.sync.RequestBody.fromString("backup"));
        }
    }

    private static void post(String endpoint, String path, String body) throws Exception {
        var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(URI.create(endpoint + path))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(f);
        }
    }

    /**
     * What moto can enforce of the printed policy. moto matches Resource against {@code *} except
     * for S3: the others are widened, S3's kept. moto also names some S3 calls differently from
     * AWS (HEAD bucket is "s3:HeadBucket", multi-delete "s3:DeleteObject"): those names are
     * granted on the bucket so moto checks the resource, while the simulator checks S3 calls by
     * AWS's names.
     */
    private static List<ObjectNode> enforceable(List<ObjectNode> printed) {
        List<ObjectNode> copies = new ArrayList<>();
        String bucket = null;
        for (ObjectNode part : printed) {
            ObjectNode copy = part.deepCopy();
            for (JsonNode s : copy.get("Statement")) {
                boolean s3 = s.get("Action").toString().contains("\"s3:");
                if (!s3) ((ObjectNode) s).put("Resource", "*");
                else if (!s.get("Resource").asString().endsWith("/*")) bucket = s.get("Resource").asString();
            }
            copies.add(copy);
        }
        ObjectNode motoNames = JSON.createObjectNode().put("Sid", "MotosOwnS3Names").put("Effect", "Allow");
        motoNames.set("Resource", JSON.createArrayNode().add(bucket).add(bucket + "/*"));
        motoNames.set("Action", JSON.createArrayNode().addAll(MOTO_S3_NAMES.stream().map(JSON.getNodeFactory()::textNode).toList()));
        // In the smallest part: widened, every part is smaller than printed, and this statement is short.
        copies.stream().min(java.util.Comparator.comparingInt(c -> c.toString().length())).ifPresent(
                c -> ((ArrayNode) c.get("Statement")).add(motoNames));
        return copies;
    }

    /** moto's names for HEAD bucket and multi-delete; neither is an action the printed policy holds. */
    private static final List<String> MOTO_S3_NAMES = List.of("s3:HeadBucket", "s3:DeleteObject");

    private static List<ObjectNode> without(List<ObjectNode> documents, java.util.Collection<String> actions) {
        return documents.stream().map(d -> without(d, actions)).toList();
    }

    private static ObjectNode without(ObjectNode document, java.util.Collection<String> missing) {
        ObjectNode copy = document.deepCopy();
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode s : copy.get("Statement")) {
            ArrayNode actions = JSON.createArrayNode();
            boolean motos = s.path("Sid").asString().equals("MotosOwnS3Names");
            s.get("Action").forEach(a -> {
                if (motos || !missing.contains(a.asString())) actions.add(a);
            });
            if (actions.isEmpty()) continue;
            ((ObjectNode) s).set("Action", actions);
            kept.add(s);
        }
        copy.set("Statement", kept);
        return copy;
    }

    /** The actions `kpc policy installer` printed (the enforced copy minus moto's own S3 names). */
    private static Set<String> printedActions() {
        Set<String> out = new TreeSet<>();
        for (ObjectNode part : policy) {
            for (JsonNode s : part.get("Statement")) {
                if (!s.path("Sid").asString().equals("MotosOwnS3Names")) s.get("Action").forEach(a -> out.add(a.asString()));
            }
        }
        return out;
    }
}
