package ai.katonic.kpc.sim;

import ai.katonic.kpc.EndToEnd;
import ai.katonic.kpc.engine.LatencyProfile;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import ai.katonic.kpc.engine.Moto;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.s3.S3Client;

/** Each preflight row's pass and fail, through the simulator (quotas) and plain moto (quota fallback). */
@EndToEnd
class PreflightTest {
    static Simulator sim;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        sim = Simulator.start(LatencyProfile.load("realistic", 0.01).withConsistency(0, 0), null, 1);
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    static <C, B extends AwsClientBuilder<B, C>> C client(B builder) {
        return ai.katonic.kpc.engine.Moto.client(sim.endpoint(), builder);
    }

    private Path config(String name, String from, String to) throws Exception {
        Path c = Moto.config(dir, name);
        if (from != null) {
            String text = Files.readString(c);
            assertThat(text).contains(from);
            Files.writeString(c, text.replace(from, to));
        }
        return c;
    }

    private JsonNode preflight(Path config, int exit) throws Exception {
        Cli.Result r = Cli.run("--endpoint-url", sim.endpoint(), "preflight", "-f", config.toString(), "-o", "json");
        assertThat(r.exit()).as(r.all()).isEqualTo(exit);
        return new ObjectMapper().readTree(r.out());
    }

    private static JsonNode row(JsonNode report, String check) {
        for (JsonNode c : report.get("checks")) if (c.get("check").asString().equals(check)) return c;
        throw new AssertionError("no check " + check + " in " + report);
    }

    @Test
    void theExampleConfigPassesEveryCheck() throws Exception {
        Path config = config("pf-ok", null, null);
        JsonNode r = asUserHolding(config, null, () -> preflight(config, 0));
        assertThat(r.get("passed").asBoolean()).isTrue();
        assertThat(r.get("checks").findValuesAsString("result")).containsOnly("pass");
        assertThat(row(r, "quota L-1216C47A").get("detail").asString()).contains("need 246").contains("[Service Quotas]");
        assertThat(row(r, "installer policy").get("detail").asString()).contains("user/pf-ok-installer may make all")
                .contains("(IAM policy simulator)");
    }

    @Test
    void anIdentityWhosePolicyLacksAnActionFails() throws Exception {
        Path config = config("pf-lacks", null, null);
        JsonNode r = asUserHolding(config, "ec2:CreateNatGateway", () -> preflight(config, 3));
        JsonNode row = row(r, "installer policy");
        assertThat(row.get("result").asString()).isEqualTo("fail");
        assertThat(row.get("detail").asString()).endsWith("the installer policy lacks ec2:CreateNatGateway");
        assertThat(row.get("fix").asString()).contains("kpc policy installer");
    }

    /**
     * Runs {@code body} as an IAM user holding the policy `kpc policy installer` prints for the
     * config, without {@code missing} when given.
     */
    private <T> T asUserHolding(Path config, String missing, java.util.concurrent.Callable<T> body) throws Exception {
        Cli.Result printed = Cli.run("policy", "installer", "-f", config.toString(), "-o", "json");
        assertThat(printed.exit()).as(printed.all()).isZero();
        var iam = client(software.amazon.awssdk.services.iam.IamClient.builder().region(software.amazon.awssdk.regions.Region.AWS_GLOBAL));
        String name = Files.readString(config).replaceAll("(?s).*cluster_name: (\\S+).*", "$1") + "-installer";
        iam.createUser(b -> b.userName(name));
        boolean removed = false;
        // As IAM takes it: the printed managed policies, each created and attached to the user.
        for (JsonNode part : new ObjectMapper().readTree(printed.out()).get("policies")) {
            String document = part.get("document").toString();
            for (String listed : missing == null ? new String[0] : new String[] {"\"" + missing + "\",", ",\"" + missing + "\""}) {
                if (!removed && document.contains(listed)) {
                    document = document.replace(listed, "");
                    removed = true;
                }
            }
            String doc = document;
            String arn = iam.createPolicy(b -> b.policyName(part.get("name").asString()).policyDocument(doc)).policy().arn();
            iam.attachUserPolicy(b -> b.userName(name).policyArn(arn));
        }
        if (missing != null) assertThat(removed).as(missing + " in the printed policies").isTrue();
        var key = iam.createAccessKey(b -> b.userName(name)).accessKey();
        System.setProperty("aws.accessKeyId", key.accessKeyId());
        System.setProperty("aws.secretAccessKey", key.secretAccessKey());
        try {
            return body.call();
        } finally {
            System.setProperty("aws.accessKeyId", "testing");
            System.setProperty("aws.secretAccessKey", "testing");
        }
    }

    @Test
    void credentialsThatCannotReachAwsFailFirstAndAloneWithExit3() throws Exception {
        // Port 9 on loopback: nothing listens, so the identity check cannot be answered.
        Cli.Result r = Cli.run("--endpoint-url", "http://127.0.0.1:9", "preflight", "-f", config("pf-nocreds", null, null).toString(),
                "-o", "json");
        assertThat(r.exit()).as(r.all()).isEqualTo(3);
        JsonNode report = new ObjectMapper().readTree(r.out());
        assertThat(report.get("checks")).hasSize(1);
        assertThat(row(report, "credentials").get("result").asString()).isEqualTo("fail");
        assertThat(row(report, "credentials").get("detail").asString()).contains("could not reach AWS");
    }

    @Test
    void aZoneTheRegionLacksFails() throws Exception {
        JsonNode r = preflight(config("pf-zone", "zone: us-east-1b}", "zone: us-east-1z}"), 3);
        assertThat(row(r, "region and zones").get("result").asString()).isEqualTo("fail");
        assertThat(row(r, "region and zones").get("detail").asString()).contains("us-east-1z");
    }

    @Test
    void anInstanceTypeNotOfferedFails() throws Exception {
        JsonNode r = preflight(config("pf-type", "instance_type: r5.xlarge", "instance_type: r5.bogus"), 3);
        assertThat(row(r, "instance types").get("detail").asString()).contains("r5.bogus in us-east-1a");
        // a typo gets the nearest type the region offers
        Path other = Moto.config(Files.createDirectories(dir.resolve("typo")), "pf-typo");
        Files.writeString(other, Files.readString(other).replace("instance_type: r5.xlarge", "instance_type: r5.xlarg"));
        JsonNode typo = preflight(other, 3);
        assertThat(row(typo, "instance types").get("detail").asString()).contains("r5.xlarg; did you mean 'r5.xlarge'?");
    }

    @Test
    void aQuotaTooSmallForThePlanFailsAndApplyStopsBeforeCreatingAnything() throws Exception {
        Path c = config("pf-quota", "max_size: 10,", "max_size: 100,");
        JsonNode r = preflight(c, 3);
        assertThat(row(r, "quota L-1216C47A").get("result").asString()).isEqualTo("fail");
        assertThat(row(r, "quota L-1216C47A").get("fix").asString()).contains("Service Quotas console");
        Cli.Result apply = Cli.run("--endpoint-url", sim.endpoint(), "apply", "-f", c.toString(), "--yes");
        assertThat(apply.exit()).isEqualTo(3);
        assertThat(apply.err()).contains("preflight failed: quota L-1216C47A");
        assertThat(client(Ec2Client.builder()).describeVpcs(b -> b.filters(f -> f.name("tag:kpc:cluster").values("pf-quota"))).vpcs()).isEmpty();
    }

    @Test
    void aBucketOfSomeoneElseFailsAndAnOverlappingVpcWarns() throws Exception {
        client(S3Client.builder().forcePathStyle(true)).createBucket(b -> b.bucket("pf-taken-backups"));
        Ec2Client ec2 = client(Ec2Client.builder());
        String vpc = ec2.createVpc(b -> b.cidrBlock("10.0.0.0/16")).vpc().vpcId();
        try {
            JsonNode r = preflight(config("pf-taken", null, null), 3);
            assertThat(row(r, "backup bucket").get("result").asString()).isEqualTo("fail");
            assertThat(row(r, "VPC CIDR").get("result").asString()).isEqualTo("warn");
            assertThat(row(r, "VPC CIDR").get("detail").asString()).contains(vpc + " 10.0.0.0/16");
        } finally {
            ec2.deleteVpc(b -> b.vpcId(vpc)); // the other tests share this simulator
        }
    }

    @Test
    void aCertificateThatIsNotIssuedFails() throws Exception {
        String arn = client(AcmClient.builder()).requestCertificate(b -> b.domainName("katonic.example.com")
                .subjectAlternativeNames("*.example.com")).certificateArn();
        JsonNode r = preflight(config("pf-cert", "certificate_arn: \"\"", "certificate_arn: \"" + arn + "\""), 3);
        assertThat(row(r, "certificate").get("detail").asString()).contains("PENDING_VALIDATION");
    }

    @Test
    void withoutServiceQuotasTheDefaultsOnlyWarn() throws Exception {
        try (MotoServer moto = MotoServer.start()) {
            Cli.Result r = Cli.run("--endpoint-url", moto.endpoint(), "preflight", "-f", config("pf-fallback", null, null).toString(), "-o", "json");
            assertThat(r.exit()).as(r.all()).isZero();
            JsonNode row = row(new ObjectMapper().readTree(r.out()), "quota L-1216C47A");
            assertThat(row.get("result").asString()).isEqualTo("warn");
            assertThat(row.get("detail").asString()).contains("of 5 [AWS default; Service Quotas did not answer");
            JsonNode simulation = row(new ObjectMapper().readTree(r.out()), "installer policy");
            assertThat(simulation.get("result").asString()).isEqualTo("warn");
            assertThat(simulation.get("detail").asString()).contains("the IAM policy simulator did not answer");
        }
    }
}
