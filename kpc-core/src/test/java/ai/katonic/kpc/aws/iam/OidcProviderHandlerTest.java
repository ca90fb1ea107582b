package ai.katonic.kpc.aws.iam;

import static org.assertj.core.api.Assertions.assertThat;

import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.kinds.KindFixture;
import ai.katonic.kpc.kinds.KindTest;
import ai.katonic.kpc.plan.Ref;
import ai.katonic.kpc.plan.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.CreateOpenIdConnectProviderRequest;
import software.amazon.awssdk.services.iam.model.CreateOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.DeleteOpenIdConnectProviderRequest;
import software.amazon.awssdk.services.iam.model.DeleteOpenIdConnectProviderResponse;
import software.amazon.awssdk.services.iam.model.ListOpenIdConnectProviderTagsRequest;
import software.amazon.awssdk.services.iam.model.ListOpenIdConnectProviderTagsResponse;
import software.amazon.awssdk.services.iam.model.ListOpenIdConnectProvidersRequest;
import software.amazon.awssdk.services.iam.model.ListOpenIdConnectProvidersResponse;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;
import software.amazon.awssdk.services.iam.model.Tag;

/**
 * The cluster's IAM OIDC provider alone, IAM faked at the SDK's interface: found by its issuer (its ARN ends with
 * the issuer's host and path), made with kpc's tags for STS; one someone else made for this cluster (eksctl, a
 * person) is used read-only and never deleted, another cluster's is not taken for it; destroy's last look names
 * only providers tagged as this cluster's, and one already gone is no error.
 */
class OidcProviderHandlerTest extends KindTest {

    static final String ISSUER = "https://oidc.eks.us-east-1.amazonaws.com/id/ABC123";
    static final String ARN = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/ABC123";

    static final class FakeIam extends IamFake {
        final Map<String, List<Tag>> providers = new LinkedHashMap<>();

        @Override
        public ListOpenIdConnectProvidersResponse listOpenIDConnectProviders(ListOpenIdConnectProvidersRequest r) {
            return ListOpenIdConnectProvidersResponse.builder().openIDConnectProviderList(providers.keySet().stream()
                    .map(a -> OpenIDConnectProviderListEntry.builder().arn(a).build()).toList()).build();
        }

        @Override
        public ListOpenIdConnectProviderTagsResponse listOpenIDConnectProviderTags(ListOpenIdConnectProviderTagsRequest r) {
            List<Tag> tags = providers.get(r.openIDConnectProviderArn());
            if (tags == null) throw noSuchEntity();
            return ListOpenIdConnectProviderTagsResponse.builder().tags(tags).build();
        }

        @Override
        public CreateOpenIdConnectProviderResponse createOpenIDConnectProvider(CreateOpenIdConnectProviderRequest r) {
            calls.add("CreateOpenIDConnectProvider " + r.url() + " " + r.clientIDList());
            String arn = "arn:aws:iam::123456789012:oidc-provider/" + r.url().replaceFirst("^https://", "");
            providers.put(arn, r.tags());
            return CreateOpenIdConnectProviderResponse.builder().openIDConnectProviderArn(arn).build();
        }

        @Override
        public DeleteOpenIdConnectProviderResponse deleteOpenIDConnectProvider(DeleteOpenIdConnectProviderRequest r) {
            calls.add("DeleteOpenIDConnectProvider " + r.openIDConnectProviderArn());
            if (providers.remove(r.openIDConnectProviderArn()) == null) throw noSuchEntity();
            return DeleteOpenIdConnectProviderResponse.builder().build();
        }
    }

    final FakeIam iam = new FakeIam();
    static final Spec.OidcProvider SPEC = new Spec.OidcProvider(new Ref("eks-cluster"));

    StepContext step() {
        KindFixture fixture = new KindFixture(dir, "us-east-1", Map.of(IamClient.class, iam));
        fixture.state.created("eks-cluster", "eks_cluster", "katonic-prod", Map.of("oidc_issuer", ISSUER), Map.of());
        return fixture.step("oidc-provider", SPEC);
    }

    static List<Tag> clusterTag(String cluster) {
        return List.of(Tag.builder().key("kpc:cluster").value(cluster).build());
    }

    @Test
    void madeForStsWithKpcsTagsAndFoundByItsIssuer() {
        iam.providers.put("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER", clusterTag("staging"));
        StepContext ctx = step();
        OidcProviderHandler h = new OidcProviderHandler();
        assertThat(h.observe(ctx, SPEC)).as("another cluster's issuer is not this one").isEmpty();
        assertThat(h.create(ctx, SPEC).awsId()).isEqualTo(ARN);
        assertThat(iam.calls).containsExactly("CreateOpenIDConnectProvider " + ISSUER + " [sts.amazonaws.com]");
        assertThat(iam.providers.get(ARN)).contains(clusterTag("katonic-prod").get(0));
        assertThat(h.observe(ctx, SPEC)).map(Live::awsId).contains(ARN);
    }

    @Test
    void oneMadeOutsideKpcIsUsedReadOnlyAndNeverDeleted() {
        iam.providers.put(ARN, List.of());
        StepContext ctx = step();
        OidcProviderHandler h = new OidcProviderHandler();
        Live found = h.observe(ctx, SPEC).orElseThrow();
        assertThat(found.out(OidcProviderHandler.READ_ONLY)).isEqualTo("true");
        h.delete(ctx, SPEC, found);
        assertThat(iam.providers).containsKey(ARN);
        assertThat(iam.calls).isEmpty();
    }

    @Test
    void destroysLastLookNamesOnlyThisClustersAndOneAlreadyGoneIsNoError() {
        iam.providers.put(ARN, clusterTag("katonic-prod"));
        iam.providers.put("arn:aws:iam::123456789012:oidc-provider/oidc.eks.us-east-1.amazonaws.com/id/OTHER", clusterTag("staging"));
        StepContext ctx = step();
        var aws = ai.katonic.kpc.aws.AwsClients.given("us-east-1", Map.of(IamClient.class, iam));
        OidcProviderHandler h = new OidcProviderHandler();
        assertThat(h.leftovers(aws, "katonic-prod", List.of())).containsExactly("oidc_provider " + ARN);
        h.delete(ctx, SPEC, Live.of(ARN));
        h.delete(ctx, SPEC, Live.of(ARN));
        assertThat(iam.calls).containsExactly("DeleteOpenIDConnectProvider " + ARN);
        assertThat(h.leftovers(aws, "katonic-prod", List.of())).isEmpty();
    }
}
