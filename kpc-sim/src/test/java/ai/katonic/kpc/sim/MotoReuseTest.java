package ai.katonic.kpc.sim;

import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.EndToEnd;
import ai.katonic.kpc.engine.Moto;
import java.nio.file.Files;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A moto_server the test JVMs keep between tests ({@code kpc.motoReuse}) comes back as a new one
 * would be: nothing a test made is left (buckets, VPCs, users), AWS's managed policies are there
 * again, auth enforcement is off, and its recording holds only what came after. And moto runs with
 * kpc's sitecustomize.
 */
@EndToEnd
class MotoReuseTest {
    @Test
    void aKeptServerComesBackEmpty() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("kpc.motoReuse"), "the test JVMs keep moto servers (kpc.motoReuse)");
        String endpoint;
        try (MotoServer first = MotoServer.start(true)) {
            endpoint = first.endpoint();
            try (S3Client s3 = Moto.client(endpoint, S3Client.builder()); Ec2Client ec2 = Moto.client(endpoint, Ec2Client.builder());
                 IamClient iam = Moto.client(endpoint, IamClient.builder())) {
                s3.createBucket(b -> b.bucket("left-by-a-test"));
                ec2.createVpc(b -> b.cidrBlock("10.99.0.0/16"));
                iam.createUser(b -> b.userName("left-by-a-test"));
            }
            // the next user's calls must pass without credentials moto knows: auth enforcement on would refuse them
            java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(endpoint + "/moto-api/reset-auth"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("0")).build(), java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(Files.readString(first.recording())).contains("left-by-a-test");
        }
        try (MotoServer again = MotoServer.start(true);
             S3Client s3 = Moto.client(again.endpoint(), S3Client.builder()); Ec2Client ec2 = Moto.client(again.endpoint(), Ec2Client.builder());
             IamClient iam = Moto.client(again.endpoint(), IamClient.builder())) {
            assertThat(again.endpoint()).as("the kept server, not a new one").isEqualTo(endpoint);
            assertThat(s3.listBuckets().buckets()).isEmpty();
            assertThat(ec2.describeVpcs().vpcs()).noneMatch(v -> v.cidrBlock().equals("10.99.0.0/16"));
            assertThat(iam.listUsers().users()).isEmpty();
            assertThat(iam.getPolicy(b -> b.policyArn("arn:aws:iam::aws:policy/AmazonEKSClusterPolicy")).policy().policyName())
                    .isEqualTo("AmazonEKSClusterPolicy");
            assertThat(Files.readString(again.recording())).doesNotContain("left-by-a-test");
        }
    }

    /** moto's Python loaded kpc's sitecustomize (see MotoServer): requests leave no access-log line, and moto answers as ever. */
    @Test
    void motoRunsWithKpcsSiteCustomisations() throws Exception {
        try (MotoServer moto = MotoServer.start(false); S3Client s3 = Moto.client(moto.endpoint(), S3Client.builder())) {
            s3.createBucket(b -> b.bucket("site-check"));
            assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("site-check");
            assertThat(Files.readString(moto.log())).doesNotContain("\"PUT /site-check").doesNotContain("\"GET / HTTP");
        }
    }

    /**
     * What kpc's sitecustomize makes once in moto's Python, each made once and the same as moto makes it: the loaders share
     * their cache, a response class's methods are listed once (the same names), error tables are shared, moto's package
     * is listed once. Run by the Python moto_server runs on, with the PYTHONPATH MotoServer gives it.
     */
    @Test
    void theSiteCustomisationsMakeOnceWhatMotoRedoesPerRequest() throws Exception {
        String script = String.join("\n",
                "import inspect, sitecustomize",
                "import botocore.loaders as L, moto.backends as b, moto.core.errors as e, moto.core.responses as r, moto.core.utils as u",
                "from moto.ec2.responses import EC2Response",
                "assert L.create_loader()._cache is L.create_loader()._cache, 'loaders share no cache'",
                "assert L.create_loader().load_data('endpoints') is L.create_loader().load_data('endpoints'), 'endpoints.json parsed twice'",
                "names = [m[0] for m in inspect.getmembers(EC2Response, predicate=inspect.isfunction)]",
                "assert r.method_names_from_class(EC2Response) == names, 'other method names'",
                "assert u.method_names_from_class is r.method_names_from_class, 'responses lists methods itself'",
                "assert e.ErrorLookupFactory()._error_lut_cache is e.ErrorLookupFactory()._error_lut_cache, 'error tables per factory'",
                "assert b.list_of_moto_modules() is b.list_of_moto_modules(), 'moto package listed per call'",
                "print('once')");
        java.nio.file.Path shims = java.nio.file.Path.of(MotoServer.find()).resolveSibling("python3");
        ProcessBuilder pb = new ProcessBuilder(Files.isExecutable(shims) ? shims.toString() : "python3", "-c", script).redirectErrorStream(true);
        pb.environment().put("PYTHONPATH", MotoServer.site());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        assertThat(out).contains("once");
    }
}
