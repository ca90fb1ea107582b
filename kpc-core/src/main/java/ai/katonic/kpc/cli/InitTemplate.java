package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.eks.EksVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The commented config {@code kpc init} writes: its template filled in, and the EKS versions its default is chosen from. */
final class InitTemplate {
    private InitTemplate() {}

    /** What EKS offers in the region, asked briefly: init must not hang where there is no network. */
    static EksVersions.Offered offered(AwsClients aws) {
        try (aws) {
            return EksVersions.offered(aws, java.time.Duration.ofSeconds(5));
        }
    }

    static String render(String clusterName, String region, EksVersions.Choice version) {
        try (InputStream in = InitTemplate.class.getResourceAsStream("/ai/katonic/kpc/init-template.yaml")) {
            String t = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return t.replace("${cluster_name}", clusterName).replace("${region}", region)
                    .replace("${eks_version_why}", version.brief()).replace("${eks_version}", version.version());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
