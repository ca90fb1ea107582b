package ai.katonic.kpc.aws.route53;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ChangeResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.ChangeStatus;
import software.amazon.awssdk.services.route53.model.GetChangeRequest;
import software.amazon.awssdk.services.route53.model.GetChangeResponse;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsRequest;
import software.amazon.awssdk.services.route53.model.ListResourceRecordSetsResponse;
import software.amazon.awssdk.services.route53.model.RRType;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;
import software.amazon.awssdk.services.route53.model.Route53Exception;

/**
 * The CNAME records another step worked out (ACM's validation records, the platform's names → the ALB), Route 53
 * faked at the SDK's interface: written by UPSERT into the config's hosted zone with a comment naming the cluster and
 * their purpose, and waited for until INSYNC; found only when every one of them is there with its value; a source
 * with nothing to write yet a clear error; removed one by one on destroy, one already gone (or changed by someone,
 * which Route 53 refuses to delete as kpc wrote it) no error.
 */
class DnsRecordsHandlerTest extends KindTest {

    /** One hosted zone's CNAMEs (name → value), sorted as Route 53 lists them; a change is PENDING on its first look. */
    static final class FakeRoute53 implements Route53Client {
        final List<String> calls = new ArrayList<>();
        final TreeMap<String, String> cnames = new TreeMap<>();
        int looks;

        @Override
        public ChangeResourceRecordSetsResponse changeResourceRecordSets(ChangeResourceRecordSetsRequest r) {
            calls.add("Change " + r.hostedZoneId() + " \"" + r.changeBatch().comment() + "\"");
            for (var c : r.changeBatch().changes()) {
                ResourceRecordSet s = c.resourceRecordSet();
                String value = s.resourceRecords().get(0).value();
                calls.add(c.actionAsString() + " " + s.name() + " " + s.typeAsString() + " " + value + " ttl " + s.ttl());
                if (c.action() == ChangeAction.DELETE) {
                    if (!value.equals(cnames.get(s.name()))) {
                        throw KindFixture.<Route53Exception>error(Route53Exception.builder(), 400, "InvalidChangeBatch");
                    }
                    cnames.remove(s.name());
                } else {
                    cnames.put(s.name(), value);
                }
            }
            return ChangeResourceRecordSetsResponse.builder().changeInfo(i -> i.id("/change/C1").status(ChangeStatus.PENDING)).build();
        }

        @Override
        public GetChangeResponse getChange(GetChangeRequest r) {
            return GetChangeResponse.builder().changeInfo(i -> i.id(r.id()).status(++looks > 1 ? ChangeStatus.INSYNC : ChangeStatus.PENDING)).build();
        }

        @Override
        public ListResourceRecordSetsResponse listResourceRecordSets(ListResourceRecordSetsRequest r) {
            var from = cnames.ceilingEntry(r.startRecordName());
            List<ResourceRecordSet> out = from == null ? List.of() : List.of(ResourceRecordSet.builder().name(from.getKey()).type(RRType.CNAME)
                    .ttl(300L).resourceRecords(v -> v.value(from.getValue())).build());
            return ListResourceRecordSetsResponse.builder().resourceRecordSets(out).build();
        }

        @Override
        public String serviceName() {
            return "route53";
        }

        @Override
        public void close() {}
    }

    final FakeRoute53 route53 = new FakeRoute53();
    final DnsRecordsHandler h = new DnsRecordsHandler();
    static final Spec.DnsRecords SPEC = new Spec.DnsRecords(new Ref("certificate"), "validation_records", "Z0123456789ABCDEFGHIJ",
            "the certificate's validation records");
    static final String RECORDS = "_a.katonic.example.com. CNAME _x.acm-validations.aws.\n_b.dash-katonic.example.com. CNAME _y.acm-validations.aws.";

    StepContext step(String records) {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(Route53Client.class, route53));
        fixture.state.created("certificate", "acm_certificate", "arn:cert", records == null ? Map.of() : Map.of("validation_records", records), Map.of());
        return fixture.step("dns-validation-records", SPEC);
    }

    @Test
    void writtenByUpsertIntoTheZoneAndWaitedForUntilInSync() {
        StepContext ctx = step(RECORDS);
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        Live made = h.create(ctx, SPEC);
        assertThat(route53.calls).containsExactly("Change Z0123456789ABCDEFGHIJ \"kpc:cluster=katonic-prod: the certificate's validation records\"",
                "UPSERT _a.katonic.example.com. CNAME _x.acm-validations.aws. ttl 300",
                "UPSERT _b.dash-katonic.example.com. CNAME _y.acm-validations.aws. ttl 300");
        assertThat(route53.looks).isEqualTo(2);
        assertThat(made.outputs()).containsEntry("records", RECORDS);
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains("Z0123456789ABCDEFGHIJ");
    }

    @Test
    void foundOnlyWhenEveryRecordIsThereWithItsValue() {
        route53.cnames.put("_a.katonic.example.com.", "_x.acm-validations.aws.");
        route53.cnames.put("_b.dash-katonic.example.com.", "_someone-elses.example.net.");
        StepContext ctx = step(RECORDS);
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        route53.cnames.put("_b.dash-katonic.example.com.", "_y.acm-validations.aws.");
        assertThat(h.observe(ctx, SPEC)).isPresent();
    }

    @Test
    void aSourceWithNothingToWriteYetIsAClearError() {
        StepContext ctx = step(null);
        assertThat(h.observe(ctx, SPEC)).isEmpty();
        assertThatThrownBy(() -> h.create(ctx, SPEC)).isInstanceOf(KpcException.OperationFailed.class)
                .hasMessageContaining("certificate has no records to write yet");
    }

    @Test
    void removedOneByOneAndOneGoneOrChangedBySomeoneIsNoError() {
        route53.cnames.put("_a.katonic.example.com.", "_x.acm-validations.aws.");
        route53.cnames.put("_b.dash-katonic.example.com.", "_someone-elses.example.net.");
        StepContext ctx = step(RECORDS);
        h.delete(ctx, SPEC, Live.of("Z0123456789ABCDEFGHIJ", Map.of("records", RECORDS)));
        assertThat(route53.cnames).containsOnlyKeys("_b.dash-katonic.example.com.");
        assertThat(route53.calls).filteredOn(c -> c.startsWith("DELETE")).hasSize(2);
    }
}
