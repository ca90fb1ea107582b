package ai.katonic.kpc.aws;

import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.servicequotas.ServiceQuotasClient;
import software.amazon.awssdk.services.efs.EfsClient;
import software.amazon.awssdk.services.eks.EksClient;
import software.amazon.awssdk.services.elasticloadbalancing.ElasticLoadBalancingClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The one place kpc builds AWS SDK clients. Credentials come from the standard chain (or a named
 * profile); the endpoint from {@code --endpoint-url}, else the SDK's own {@code AWS_ENDPOINT_URL} /
 * {@code AWS_ENDPOINT_URL_<SERVICE>} support. Throttling and 5xx retries live here ({@link Retries}:
 * the SDK's adaptive strategy with a separate budget for throttling), not in each step.
 */
public final class AwsClients implements AutoCloseable {
    private final Region region;
    private final URI endpoint;
    private final AwsCredentialsProvider credentials;
    private final String profile;
    private final SdkHttpClient http;

    private final Lazy<Ec2Client> ec2;
    private final Lazy<IamClient> iam;
    private final Lazy<EksClient> eks;
    private final Lazy<EfsClient> efs;
    private final Lazy<S3Client> s3;
    private final Lazy<SsmClient> ssm;
    private final Lazy<StsClient> sts;
    private final Lazy<ElasticLoadBalancingClient> elb;
    private final Lazy<ElasticLoadBalancingV2Client> elbv2;
    private final Lazy<AcmClient> acm;
    private final Lazy<software.amazon.awssdk.services.route53.Route53Client> route53;
    private final Lazy<KmsClient> kms;
    private final Lazy<SecretsManagerClient> secrets;
    private final Lazy<ServiceQuotasClient> quotas;

    /** Clients whose retries back off at the run's {@code scale} (a rehearsal's simulator answers faster). */
    public AwsClients(String region, String endpointUrl, String profile, ai.katonic.kpc.runtime.TimeScale scale) {
        this(region, endpointUrl, profile, null, java.util.Map.of(), scale);
    }

    /**
     * Clients given at their SDK interface (a unit test's fakes, keyed by that interface); any other is
     * built against a closed loopback port with throw-away credentials, so nothing reaches AWS.
     */
    public static AwsClients given(String region, java.util.Map<Class<?>, Object> clients) {
        return new AwsClients(region, "http://127.0.0.1:9", null, software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("unit-test", "unit-test")), clients,
                ai.katonic.kpc.runtime.TimeScale.AWS);
    }

    private final java.util.Map<Class<?>, Object> given;
    private final ai.katonic.kpc.runtime.TimeScale scale;

    private AwsClients(String region, String endpointUrl, String profile, AwsCredentialsProvider fixed, java.util.Map<Class<?>, Object> given,
                       ai.katonic.kpc.runtime.TimeScale scale) {
        this.given = given;
        this.scale = scale;
        this.region = Region.of(region);
        this.endpoint = endpointUrl == null || endpointUrl.isBlank() ? null : URI.create(endpointUrl);
        if (profile != null) requireProfile(profile);
        this.profile = profile;
        this.credentials = fixed != null ? fixed : profile == null ? DefaultCredentialsProvider.builder().build()
                : ProfileCredentialsProvider.builder().profileName(profile).build();
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(10))
                .socketTimeout(Duration.ofSeconds(60))
                .build();
        ec2 = new Lazy<>(() -> given(Ec2Client.class, () -> configure(Ec2Client.builder()).build()));
        iam = new Lazy<>(() -> given(IamClient.class, () -> configure(IamClient.builder()).build()));
        eks = new Lazy<>(() -> given(EksClient.class, () -> configure(EksClient.builder()).build()));
        efs = new Lazy<>(() -> given(EfsClient.class, () -> configure(EfsClient.builder()).build()));
        // Path-style addressing keeps bucket names out of host names, which an endpoint override needs.
        s3 = new Lazy<>(() -> given(S3Client.class, () -> configure(S3Client.builder()).forcePathStyle(endpoint != null).build()));
        ssm = new Lazy<>(() -> given(SsmClient.class, () -> configure(SsmClient.builder()).build()));
        sts = new Lazy<>(() -> given(StsClient.class, () -> configure(StsClient.builder()).build()));
        elb = new Lazy<>(() -> given(ElasticLoadBalancingClient.class, () -> configure(ElasticLoadBalancingClient.builder()).build()));
        elbv2 = new Lazy<>(() -> given(ElasticLoadBalancingV2Client.class, () -> configure(ElasticLoadBalancingV2Client.builder()).build()));
        acm = new Lazy<>(() -> given(AcmClient.class, () -> configure(AcmClient.builder()).build()));
        route53 = new Lazy<>(() -> given(software.amazon.awssdk.services.route53.Route53Client.class, () -> configure(software.amazon.awssdk.services.route53.Route53Client.builder()).build()));
        kms = new Lazy<>(() -> given(KmsClient.class, () -> configure(KmsClient.builder()).build()));
        secrets = new Lazy<>(() -> given(SecretsManagerClient.class, () -> configure(SecretsManagerClient.builder()).build()));
        quotas = new Lazy<>(() -> given(ServiceQuotasClient.class, () -> configure(ServiceQuotasClient.builder()).build()));
    }

    @SuppressWarnings("unchecked")
    private <C> C given(Class<C> type, Supplier<C> build) {
        Object c = given.get(type);
        return c != null ? (C) c : build.get();
    }

    /** A named profile must exist in the shared config or credentials file: said as such, not as a network problem. */
    private static void requireProfile(String name) {
        var file = software.amazon.awssdk.profiles.ProfileFile.defaultProfileFile();
        if (file.profile(name).isPresent()) return;
        java.util.List<String> known = new java.util.ArrayList<>(file.profiles().keySet());
        java.util.Collections.sort(known);
        throw new ai.katonic.kpc.errors.KpcException.InvalidInput("no AWS profile '" + name + "' in ~/.aws/config or ~/.aws/credentials"
                + (known.isEmpty() ? " (they define none)" : "; they define: " + String.join(", ", known))
                + "; check --profile or AWS_PROFILE");
    }

    private <B extends AwsClientBuilder<B, ?>> B configure(B builder) {
        builder.region(region).credentialsProvider(credentials);
        if (endpoint != null) builder.endpointOverride(endpoint);
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder()
                // AWS throttles under load: client-side rate limiting per service, a long budget for
                // throttling and the usual one for errors, no blind repeat of a create (see Retries).
                .retryStrategy(Retries.create(scale))
                // Long enough for a throttled call's whole budget; a stalled attempt is ended by the socket timeout.
                .apiCallTimeout(Duration.ofMinutes(5))
                .addExecutionInterceptor(new Retries.Classifier())
                .addExecutionInterceptor(new IamActionNames())
                .addExecutionInterceptor(new ai.katonic.kpc.runtime.CallLog.Aws());
        // The named profile's other settings too (its endpoint_url, as the AWS CLI honours it).
        if (profile != null) o.defaultProfileName(profile);
        builder.overrideConfiguration(o.build());
        if (builder instanceof software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder<?, ?> sync) {
            sync.httpClient(http);
        }
        return builder;
    }

    /** The credentials every client signs with (for the EKS token, which kpc signs itself). */
    public AwsCredentialsProvider credentials() {
        return credentials;
    }

    public String region() {
        return region.id();
    }

    public Ec2Client ec2() { return ec2.get(); }
    public IamClient iam() { return iam.get(); }
    public EksClient eks() { return eks.get(); }
    public EfsClient efs() { return efs.get(); }
    public S3Client s3() { return s3.get(); }
    public SsmClient ssm() { return ssm.get(); }
    public StsClient sts() { return sts.get(); }
    public ElasticLoadBalancingClient elb() { return elb.get(); }
    public ElasticLoadBalancingV2Client elbv2() { return elbv2.get(); }
    public AcmClient acm() { return acm.get(); }
    public software.amazon.awssdk.services.route53.Route53Client route53() { return route53.get(); }

    public KmsClient kms() { return kms.get(); }
    public SecretsManagerClient secrets() { return secrets.get(); }
    public ServiceQuotasClient quotas() { return quotas.get(); }

    @Override
    public void close() {
        for (Lazy<? extends AutoCloseable> l : java.util.List.of(ec2, iam, eks, efs, s3, ssm, sts, elb, elbv2, acm, route53, kms, secrets, quotas)) l.closeIfMade();
        http.close();
    }

    private static final class Lazy<T extends AutoCloseable> {
        private final Supplier<T> make;
        private T value;

        Lazy(Supplier<T> make) {
            this.make = make;
        }

        synchronized T get() {
            if (value == null) value = make.get();
            return value;
        }

        synchronized void closeIfMade() {
            if (value != null) {
                try {
                    value.close();
                } catch (Exception ignored) {
                    // closing a client at exit cannot fail in a way the user can act on
                }
            }
        }
    }
}
