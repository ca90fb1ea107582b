package ai.katonic.kpc.engine;

import ai.katonic.kpc.EndToEnd;
import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.cli.Cli;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.RRType;

/**
 * With {@code domain.hosted_zone_id}, the certificate kpc requests gets its DNS validation records
 * written into that Route 53 zone (exactly the CNAMEs ACM asks for), and destroy removes them.
 */
@EndToEnd
class DnsValidationTest {
    @RegisterExtension
    static Moto moto = new Moto();

    @TempDir
    Path dir;

    @Test
    void validationAndPlatformRecordsGoIntoTheHostedZoneAndLeaveOnDestroy() throws Exception {
        Route53Client r53 = moto.client(Route53Client.builder().region(Region.AWS_GLOBAL));
        String zone = r53.createHostedZone(b -> b.name("katonic.example.com").callerReference("dns-test")).hostedZone().id()
                .replace("/hostedzone/", "");
        Path config = Moto.config(dir, "dns");
        String yaml = Files.readString(config);
        String withZone = yaml.replaceFirst("(?m)^(  certificate_arn: \"\".*)$", "$1\n  hosted_zone_id: " + zone);
        assertThat(withZone).isNotEqualTo(yaml);
        Files.writeString(config, withZone);

        Cli.Result r = moto.kpc("apply", "-f", config.toString(), "--yes");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("dns-validation-records").contains("wrote _");

        AcmClient acm = moto.client(AcmClient.builder());
        String arn = acm.listCertificates().certificateSummaryList().get(0).certificateArn();
        Set<String> asked = acm.describeCertificate(b -> b.certificateArn(arn)).certificate().domainValidationOptions().stream()
                .map(v -> v.resourceRecord().name().replaceAll("\\.$", "") + " " + v.resourceRecord().value().replaceAll("\\.$", ""))
                .collect(Collectors.toSet());
        assertThat(asked).isNotEmpty();
        assertThat(cnames(r53, zone)).containsAll(asked);

        // The platform's three names point at the ALB whose address the controller wrote into the Ingress.
        String alb;
        try (var kube = moto.kubernetes("dns")) {
            alb = kube.network().v1().ingresses().inNamespace("katonic").withName("katonic").get().getStatus().getLoadBalancer()
                    .getIngress().get(0).getHostname();
        }
        assertThat(alb).startsWith("k8s-katonic-").endsWith(".us-east-1.elb.amazonaws.com");
        Set<String> platform = Set.of("katonic.example.com " + alb, "dash-katonic.example.com " + alb, "connectors-katonic.example.com " + alb);
        assertThat(cnames(r53, zone)).containsAll(platform);
        assertThat(r.out()).doesNotContain("point the name at the ALB");

        assertThat(moto.kpc("status", "-f", config.toString()).exit()).isZero();
        Cli.Result d = moto.kpc("destroy", "-f", config.toString(), "--yes", "--delete-backups");
        assertThat(d.exit()).as(d.all()).isZero();
        assertThat(cnames(r53, zone)).doesNotContainAnyElementsOf(asked).doesNotContainAnyElementsOf(platform);
    }

    private static Set<String> cnames(Route53Client r53, String zone) {
        List<software.amazon.awssdk.services.route53.model.ResourceRecordSet> sets =
                r53.listResourceRecordSets(b -> b.hostedZoneId(zone)).resourceRecordSets();
        return sets.stream().filter(s -> s.type() == RRType.CNAME)
                .flatMap(s -> s.resourceRecords().stream().map(v -> s.name().replaceAll("\\.$", "") + " " + v.value().replaceAll("\\.$", "")))
                .collect(Collectors.toSet());
    }
}
