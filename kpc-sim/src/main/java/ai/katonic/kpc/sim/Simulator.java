package ai.katonic.kpc.sim;

import ai.katonic.kpc.engine.LatencyProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * The emulated cloud: moto_server behind the proxy, with AWS's timings ({@link AsyncStates}),
 * its refusals ({@link Rules}) and, on request, its failures ({@link Faults}).
 */
public final class Simulator implements AutoCloseable {
    public static final String ACCESS_KEY = "kpc-sim";
    public static final String SECRET_KEY = "kpc-sim-not-a-secret";

    private final MotoServer moto;
    private final SimProxy proxy;
    private final Faults faults;
    private final LatencyProfile profile;

    private Simulator(MotoServer moto, SimProxy proxy, Faults faults, LatencyProfile profile) {
        this.moto = moto;
        this.proxy = proxy;
        this.faults = faults;
        this.profile = profile;
    }

    public static Simulator start(String profileName, double timeScale, String faultSpec, long seed) {
        return start(LatencyProfile.load(profileName, timeScale), faultSpec, seed);
    }

    public static Simulator start(LatencyProfile profile, String faultSpec, long seed) {
        Faults faults = Faults.parse(faultSpec, seed);
        MotoServer moto = MotoServer.start(false);
        try {
            Set<String> offered;
            try (Ec2Client ec2 = Ec2Client.builder().region(Region.US_EAST_1).endpointOverride(URI.create(moto.endpoint()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                    .build()) {
                offered = ec2.describeInstanceTypeOfferingsPaginator(b -> { }).instanceTypeOfferings().stream()
                        .map(o -> o.instanceTypeAsString()).collect(Collectors.toSet());
            }
            SimProxy proxy = new SimProxy(moto.endpoint(), profile, seed)
                    .with(faults);
            strictAws(moto.endpoint(), ACCESS_KEY, SECRET_KEY).forEach(proxy::with);
            proxy.with(Rules.instanceTypesMustExist(offered))
                    .with(new EventualConsistency(profile))
                    .with(new EksAddons(profile, moto.endpoint()))
                    .with(new TransportSecurity(moto.endpoint()))
                    .with(new SimulatedClusters(moto.endpoint()))
                    .with(new SimulatedJumpHost())
                    .with(new ServiceQuotas())
                    // Not enforcing (moto's auth is off): it answers IAM's policy simulator, which moto lacks.
                    .with(new IamEnforcement(moto.endpoint(), ACCESS_KEY, SECRET_KEY, Set.of("elasticfilesystem", "servicequotas", "s3")))
                    .with(new AsyncStates(profile));
            return new Simulator(moto, proxy, faults, profile);
        } catch (IOException e) {
            moto.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            moto.close();
            throw e;
        }
    }

    /**
     * What AWS refuses or remembers that moto does not, in the order they must see a call: the EKS
     * version calendar, client tokens (before anything answers a create), EC2's tag filters, IAM's
     * size and count limits, ACM's validation records per domain and certificate, STS's ARN of a
     * user. The simulator
     * and every test's emulated cloud run all of them.
     */
    public static java.util.List<Behaviour> strictAws(String motoEndpoint, String adminKey, String adminSecret) {
        return java.util.List.of(new EksVersionCalendar(), new ClientTokens(), new TagFilters(),
                new IamLimits(motoEndpoint, adminKey, adminSecret), new AcmValidationRecords(),
                new CallerIdentity());
    }

    public String endpoint() {
        return proxy.endpoint();
    }

    /** host:port of the simulated jump host's SSH server (see {@link SimulatedJumpHost}). */
    public String jumpHostAddress() {
        return proxy.find(SimulatedJumpHost.class).orElseThrow().address();
    }

    public SimProxy proxy() {
        return proxy;
    }

    public Faults faults() {
        return faults;
    }

    public LatencyProfile profile() {
        return profile;
    }

    public MotoServer moto() {
        return moto;
    }

    @Override
    public void close() {
        proxy.close();
        moto.close();
    }
}
