package ai.katonic.kpc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateAndPlanTest {
    @TempDir
    Path dir;

    private Path init(String... extra) {
        Path file = dir.resolve("kpc.yaml");
        String[] args = new String[5 + extra.length];
        args[0] = "init";
        args[1] = "--out";
        args[2] = file.toString();
        args[3] = "--eks-version";
        args[4] = "1.34";
        System.arraycopy(extra, 0, args, 5, extra.length);
        Cli.Result r = Cli.run(args);
        assertThat(r.exit()).as(r.err()).isZero();
        return file;
    }

    @Test
    void initWritesAConfigThatValidates() {
        Path file = init();
        Cli.Result r = Cli.run("validate", "-f", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("valid (cluster katonic-prod in us-east-1)");
    }

    @Test
    void initTakesNameAndRegionAndRefusesToOverwrite() throws Exception {
        Path file = init("--cluster-name", "ml-eu", "--region", "eu-west-1");
        assertThat(Files.readString(file)).contains("cluster_name: ml-eu").contains("zone: eu-west-1b");
        assertThat(Cli.run("validate", "-f", file.toString()).exit()).isZero();
        Cli.Result again = Cli.run("init", "--out", file.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("already exists; use --force");
    }

    @Test
    void initRefusesAnInvalidName() {
        Cli.Result r = Cli.run("init", "--cluster-name", "Bad_Name", "--out", dir.resolve("x.yaml").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("cluster_name").contains("nothing was written");
        assertThat(dir.resolve("x.yaml")).doesNotExist();
    }

    @Test
    void theExampleConfigIsWhatInitWrites() throws Exception {
        Path example = Path.of("examples/kpc.yaml");
        Cli.Result r = Cli.run("init", "--out", "-");
        // The version line says what EKS (here: kpc's dated calendar, EKS being out of reach) offers today.
        String version = "(?m)^eks_version: .*$";
        assertThat(r.out()).containsPattern("(?m)^eks_version: \"1\\.\\d+\" +# newest .*per kpc's calendar of \\d{4}-\\d\\d-\\d\\d; keep it quoted$");
        assertThat(Files.readString(example).replaceAll(version, "")).isEqualTo(r.out().replaceAll(version, ""));
        // Its first line points editors at the schema beside it, which is kpc's schema.
        assertThat(r.out()).startsWith("# yaml-language-server: $schema=./kpc.schema.json\n");
        assertThat(Files.readString(Path.of("examples/kpc.schema.json")).trim()).isEqualTo(Cli.run("schema").out().trim());
    }

    @Test
    void initWritesTheSchemaItsFirstLineNamesBesideTheConfig() throws Exception {
        Path file = dir.resolve("conf/kpc.yaml");
        Cli.Result r = Cli.run("init", "--eks-version", "1.34", "--out", file.toString());
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("kpc.schema.json beside it");
        assertThat(Files.readAllLines(file).get(0)).isEqualTo("# yaml-language-server: $schema=./kpc.schema.json");
        assertThat(new ObjectMapper().readTree(dir.resolve("conf/kpc.schema.json").toFile()).path("properties").has("cluster_name")).isTrue();
        assertThat(Cli.run("validate", "-f", file.toString()).exit()).isZero();
    }

    @Test
    void planJsonListsTheWholeGraphWithValidDependencies() throws Exception {
        Path file = init();
        Cli.Result r = Cli.run("plan", "-f", file.toString(), "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(r.out());
        JsonNode resources = plan.get("resources");
        assertThat(resources.size()).isGreaterThanOrEqualTo(25);
        Set<String> ids = new HashSet<>();
        Map<String, Integer> position = new HashMap<>();
        for (JsonNode res : resources) {
            assertThat(res.get("action").asString()).isEqualTo("create");
            assertThat(ids.add(res.get("id").asString())).as("unique id").isTrue();
            position.put(res.get("id").asString(), position.size());
        }
        for (JsonNode res : resources) {
            for (JsonNode dep : res.get("depends_on")) {
                assertThat(ids).contains(dep.asString());
                // listed in dependency order, so a dependency always comes first: no cycles
                assertThat(position.get(dep.asString())).isLessThan(position.get(res.get("id").asString()));
            }
        }
        assertThat(plan.at("/summary/create").asInt()).isEqualTo(resources.size());
        assertThat(plan.at("/summary/provisioned/managed_nodes/max").asInt()).isEqualTo(4 + 10 + 5 + 3 + 2);
        assertThat(plan.at("/summary/provisioned/efs").asInt()).isEqualTo(1);
        List<String> types = resources.findValuesAsString("type");
        assertThat(types).contains("vpc", "subnet", "internet_gateway", "elastic_ip", "nat_gateway", "route_table",
                "route", "route_table_association", "security_group", "vpc_endpoint", "key_pair", "iam_role", "iam_service_account_role",
                "instance", "eks_cluster", "oidc_provider", "eks_node_group", "efs_file_system", "efs_mount_target",
                "efs_access_point", "s3_bucket");
    }

    @Test
    void planTextShowsResourcesAndTheProvisionedTable() {
        Path file = init();
        Cli.Result r = Cli.run("plan", "-f", file.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("to create").contains("nodegroup-vectordb").contains("EKS cluster katonic-prod 1.34").contains("EKS version 1.34: set in the config.")
                .contains("Resources provisioned post-installation").contains("External Application Load Balancer");
    }

    @Test
    void sharedStorageOffDropsEfs() throws Exception {
        Path file = init();
        Files.writeString(file, Files.readString(file).replace("shared_storage: {create: true}", "shared_storage: {create: false}"));
        Cli.Result r = Cli.run("plan", "-f", file.toString(), "-o", "json");
        assertThat(r.out()).doesNotContain("efs_file_system").contains("\"efs\" : 0");
    }

    @Test
    void graphRendersAsMermaidAndDot() {
        Path file = init();
        Cli.Result m = Cli.run("plan", "-f", file.toString(), "--graph", "mermaid");
        assertThat(m.out()).startsWith("flowchart LR").contains("eks_cluster --> nodegroup_platform");
        Cli.Result d = Cli.run("plan", "-f", file.toString(), "--graph", "dot");
        assertThat(d.out()).startsWith("digraph kpc {").contains("\"nat-gateway\" -> \"route-private-default\";");
    }

    @Test
    void warningsAreShownButDoNotFail() throws Exception {
        Path file = init();
        Files.writeString(file, Files.readString(file)
                .replace("network_policy: calico", "network_policy: vpc-cni")
                .replace("allowed_cidrs: [203.0.113.0/24]", "allowed_cidrs: [0.0.0.0/0]")
                .replace("disk_size_gb: 50", "disk_size_gb: 30"));
        Cli.Result r = Cli.run("validate", "-f", file.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).contains("warning: vpc.private_subnets[0].cidr: with network_policy vpc-cni")
                .contains("warning: jump_host.allowed_cidrs[0]: 0.0.0.0/0 opens SSH")
                .contains("warning: jump_host.disk_size_gb: 30 GB is below the recommended 50 GB");
    }

    @Test
    void unquotedVersionIsReadAsWritten() throws Exception {
        Path file = init();
        Files.writeString(file, Files.readString(file).replace("eks_version: \"1.34\"", "eks_version: 1.30"));
        Cli.Result r = Cli.run("plan", "-f", file.toString(), "-o", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("\"version\" : \"1.30\"");
    }

    @Test
    void columnsPointAtTheValue() throws Exception {
        Path file = init();
        Files.writeString(file, Files.readString(file).replace("cidr: 10.0.0.0/21", "cidr: 10.0.0.0/22"));
        Cli.Result r = Cli.run("validate", "-f", file.toString());
        String line = r.err().lines().filter(l -> l.contains("vpc.cidr")).findFirst().orElseThrow();
        int lineNo = Files.readAllLines(file).indexOf("  cidr: 10.0.0.0/22                  # /16 to /21") + 1;
        assertThat(line).startsWith(file + ":" + lineNo + ":9: error: vpc.cidr: /22 is outside the allowed range");
    }

    @Test
    void fargateInAnyFormGetsTheReason() throws Exception {
        Path file = init();
        String good = Files.readString(file);
        for (String form : List.of("fargate_profiles: []", "fargateProfiles: []", "Fargate: true", "fargate: {}")) {
            Files.writeString(file, good + form + "\n");
            Cli.Result r = Cli.run("validate", "-f", file.toString());
            assertThat(r.exit()).as(form).isEqualTo(2);
            assertThat(r.err()).as(form).contains("Fargate is not supported").doesNotContain("unknown key");
        }
        Files.writeString(file, good.replace("network_policy: calico", "network_policy: fargate"));
        Cli.Result r = Cli.run("validate", "-f", file.toString());
        assertThat(r.err()).contains("error: network_policy: Fargate is not supported");
    }

    @Test
    void unknownKeysGetSuggestions() throws Exception {
        Path file = init();
        Files.writeString(file, Files.readString(file).replace("network_policy:", "network_polcy:"));
        Cli.Result r = Cli.run("validate", "-f", file.toString());
        assertThat(r.err()).contains("error: network_polcy: unknown key; did you mean 'network_policy'?");
    }

    @Test
    void schemaIsJsonSchemaOfEveryKey() throws Exception {
        Cli.Result r = Cli.run("schema");
        JsonNode schema = new ObjectMapper().readTree(r.out());
        assertThat(schema.get("$schema").asString()).contains("json-schema.org");
        assertThat(schema.at("/required").toString()).contains("cluster_name", "region", "vpc", "domain", "backup");
        assertThat(schema.at("/properties/node_groups/properties/gpu/properties/max_size/type").asString()).isEqualTo("integer");
        assertThat(schema.at("/properties/network_policy/enum").toString()).contains("calico", "vpc-cni");
        assertThat(schema.at("/properties/fargate").isMissingNode()).isTrue();
    }

    @Test
    void backupPolicyIsTheSeedsForThisBucket() throws Exception {
        Path file = init();
        JsonNode p = new ObjectMapper().readTree(Cli.run("policy", "backup", "-f", file.toString()).out());
        assertThat(p.at("/Statement/0/Action").toString()).contains("s3:ListAllMyBuckets", "s3:GetBucketLocation");
        assertThat(p.at("/Statement/0/Resource").asString()).isEqualTo("*");
        assertThat(p.at("/Statement/1/Resource").asString()).isEqualTo("arn:aws:s3:::katonic-prod-backups");
        assertThat(p.at("/Statement/2/Action").toString()).contains("s3:PutObject", "s3:GetObject", "s3:DeleteObject");
        assertThat(p.at("/Statement/2/Resource").asString()).isEqualTo("arn:aws:s3:::katonic-prod-backups/*");
        assertThat(p.get("Statement").size()).isEqualTo(3);
    }

    @Test
    void usageErrorsExitTwo() {
        assertThat(Cli.run("plan", "--no-such-flag").exit()).isEqualTo(2);
        assertThat(Cli.run("plan", "-o", "yaml").exit()).isEqualTo(2);
        assertThat(Cli.run("no-such-command").exit()).isEqualTo(2);
    }
}
