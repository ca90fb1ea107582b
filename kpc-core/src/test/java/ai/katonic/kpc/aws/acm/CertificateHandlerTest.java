package ai.katonic.kpc.aws.acm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.AcmException;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DeleteCertificateRequest;
import software.amazon.awssdk.services.acm.model.DeleteCertificateResponse;
import software.amazon.awssdk.services.acm.model.DescribeCertificateRequest;
import software.amazon.awssdk.services.acm.model.DescribeCertificateResponse;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ListCertificatesRequest;
import software.amazon.awssdk.services.acm.model.ListCertificatesResponse;
import software.amazon.awssdk.services.acm.model.ListTagsForCertificateRequest;
import software.amazon.awssdk.services.acm.model.ListTagsForCertificateResponse;
import software.amazon.awssdk.services.acm.model.RequestCertificateRequest;
import software.amazon.awssdk.services.acm.model.RequestCertificateResponse;
import software.amazon.awssdk.services.acm.model.Tag;

/**
 * The ALB's certificate alone, ACM faked at the SDK's interface: requested for the platform's names with DNS
 * validation, kpc's tags and an idempotency token of ACM's form that changes with the names (a replacement must not
 * be answered with the old certificate); its validation records, which ACM lists a moment later, waited for and
 * said; found again by both of kpc's tags, never another cluster's certificate of the same domain; deleted with any
 * a cut-short replacement left, one still on a load balancer a clear error, one already gone no error.
 */
class CertificateHandlerTest extends KindTest {

    /** ACM: a requested certificate's validation records appear on the second look, as ACM fills them in. */
    static final class FakeAcm implements AcmClient {
        final List<String> calls = new ArrayList<>();
        final Map<String, CertificateDetail> certificates = new LinkedHashMap<>();
        final Map<String, List<Tag>> tags = new LinkedHashMap<>();
        final Map<String, Integer> looks = new LinkedHashMap<>();
        String inUse;

        private static AcmException notFound() {
            return KindFixture.error(AcmException.builder(), 400, "ResourceNotFoundException");
        }

        void add(String arn, String domain, List<Tag> t) {
            certificates.put(arn, CertificateDetail.builder().certificateArn(arn).domainName(domain).status("PENDING_VALIDATION").build());
            tags.put(arn, t);
        }

        @Override
        public RequestCertificateResponse requestCertificate(RequestCertificateRequest r) {
            calls.add("RequestCertificate " + r.domainName() + " " + r.subjectAlternativeNames() + " " + r.validationMethodAsString()
                    + " token " + r.idempotencyToken());
            String arn = "arn:aws:acm:us-east-1:111122223333:certificate/" + (certificates.size() + 1);
            List<String> names = new ArrayList<>(List.of(r.domainName()));
            names.addAll(r.subjectAlternativeNames());
            certificates.put(arn, CertificateDetail.builder().certificateArn(arn).domainName(r.domainName()).status("PENDING_VALIDATION")
                    .domainValidationOptions(names.stream().map(n -> DomainValidation.builder().domainName(n).build()).toList()).build());
            tags.put(arn, r.tags());
            return RequestCertificateResponse.builder().certificateArn(arn).build();
        }

        @Override
        public DescribeCertificateResponse describeCertificate(DescribeCertificateRequest r) {
            CertificateDetail c = certificates.get(r.certificateArn());
            if (c == null) throw notFound();
            if (looks.merge(r.certificateArn(), 1, Integer::sum) >= 2 && c.hasDomainValidationOptions()) {
                c = c.toBuilder().domainValidationOptions(c.domainValidationOptions().stream().map(v -> v.toBuilder()
                        .resourceRecord(rr -> rr.name("_x." + v.domainName() + ".").type("CNAME").value("_y.acm-validations.aws.")).build()).toList()).build();
                certificates.put(r.certificateArn(), c);
            }
            return DescribeCertificateResponse.builder().certificate(c).build();
        }

        @Override
        public ListCertificatesResponse listCertificates(ListCertificatesRequest r) {
            return ListCertificatesResponse.builder().certificateSummaryList(certificates.values().stream()
                    .map(c -> CertificateSummary.builder().certificateArn(c.certificateArn()).domainName(c.domainName()).build()).toList()).build();
        }

        @Override
        public ListTagsForCertificateResponse listTagsForCertificate(ListTagsForCertificateRequest r) {
            return ListTagsForCertificateResponse.builder().tags(tags.getOrDefault(r.certificateArn(), List.of())).build();
        }

        @Override
        public DeleteCertificateResponse deleteCertificate(DeleteCertificateRequest r) {
            calls.add("DeleteCertificate " + r.certificateArn());
            if (r.certificateArn().equals(inUse)) throw KindFixture.<AcmException>error(AcmException.builder(), 400, "ResourceInUseException");
            if (certificates.remove(r.certificateArn()) == null) throw notFound();
            return DeleteCertificateResponse.builder().build();
        }

        @Override
        public String serviceName() {
            return "acm";
        }

        @Override
        public void close() {}
    }

    static List<Tag> kpcTags(String cluster) {
        return List.of(Tag.builder().key("kpc:cluster").value(cluster).build(), Tag.builder().key("kpc:resource").value("certificate").build());
    }

    final FakeAcm acm = new FakeAcm();
    final CertificateHandler h = new CertificateHandler();
    KindFixture fixture;
    static final Spec.Certificate SPEC = new Spec.Certificate("katonic.example.com", List.of("dash-katonic.example.com"));

    StepContext step() {
        fixture = new KindFixture(dir, "us-east-1", Map.of(AcmClient.class, acm));
        return fixture.step("certificate", SPEC);
    }

    @Test
    void requestedWithDnsValidationAndItsRecordsWaitedForAndSaid() {
        StepContext ctx = step();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        Live made = h.create(ctx, SPEC);
        assertThat(acm.calls).singleElement().asString().startsWith("RequestCertificate katonic.example.com [dash-katonic.example.com] DNS token ");
        String token = acm.calls.get(0).substring(acm.calls.get(0).indexOf("token ") + 6);
        assertThat(token).matches("\\w{1,32}");
        assertThat(acm.tags.get(made.awsId())).containsAll(kpcTags("katonic-prod"));
        assertThat(made.outputs().get("validation_records")).contains("_x.katonic.example.com. CNAME _y.acm-validations.aws.")
                .contains("_x.dash-katonic.example.com. CNAME");
        assertThat(fixture.said.toString()).contains("to validate it, create the DNS record: _x.dash-katonic.example.com. CNAME");
    }

    @Test
    void otherNamesGetAnotherTokenSoAReplacementIsANewCertificate() {
        StepContext ctx = step();
        h.create(ctx, SPEC);
        Spec.Certificate more = new Spec.Certificate("katonic.example.com", List.of("dash-katonic.example.com", "connectors-katonic.example.com"));
        h.create(fixture.step("certificate", more), more);
        String first = acm.calls.get(0).substring(acm.calls.get(0).indexOf("token "));
        String second = acm.calls.get(1).substring(acm.calls.get(1).indexOf("token "));
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void foundByBothOfKpcsTagsNeverAnotherClustersCertificateOfTheDomain() {
        acm.add("arn:staging", "katonic.example.com", kpcTags("staging"));
        StepContext ctx = step();
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        acm.add("arn:mine", "katonic.example.com", kpcTags("katonic-prod"));
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("arn:mine");
    }

    @Test
    void deletedWithWhatACutShortReplacementLeftAndOneOnALoadBalancerIsAClearError() {
        acm.add("arn:new", "katonic.example.com", kpcTags("katonic-prod"));
        acm.add("arn:old", "katonic.example.com", kpcTags("katonic-prod"));
        acm.add("arn:staging", "katonic.example.com", kpcTags("staging"));
        StepContext ctx = step();
        h.delete(ctx, SPEC, Live.of("arn:new"));
        assertThat(acm.certificates).containsOnlyKeys("arn:staging");
        h.delete(ctx, SPEC, Live.of("arn:gone"));
        acm.add("arn:attached", "katonic.example.com", kpcTags("katonic-prod"));
        acm.inUse = "arn:attached";
        assertThatThrownBy(() -> h.delete(ctx, SPEC, Live.of("arn:attached"))).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining("still attached to a load balancer");
    }
}
