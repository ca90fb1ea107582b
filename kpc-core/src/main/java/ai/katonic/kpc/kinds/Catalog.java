package ai.katonic.kpc.kinds;

import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.aws.acm.CertificateHandler;
import ai.katonic.kpc.aws.route53.DnsRecordsHandler;
import ai.katonic.kpc.aws.ec2.ElasticIpHandler;
import ai.katonic.kpc.aws.ec2.InstanceHandler;
import ai.katonic.kpc.aws.ec2.InternetGatewayHandler;
import ai.katonic.kpc.aws.ec2.KeyPairHandler;
import ai.katonic.kpc.aws.ec2.NatGatewayHandler;
import ai.katonic.kpc.aws.ec2.RouteHandler;
import ai.katonic.kpc.aws.ec2.RouteTableAssociationHandler;
import ai.katonic.kpc.aws.ec2.RouteTableHandler;
import ai.katonic.kpc.aws.ec2.SecurityGroupHandler;
import ai.katonic.kpc.aws.ec2.SubnetHandler;
import ai.katonic.kpc.aws.ec2.VpcEndpointHandler;
import ai.katonic.kpc.aws.ec2.VpcHandler;
import ai.katonic.kpc.aws.efs.EfsAccessPointHandler;
import ai.katonic.kpc.aws.efs.EfsFileSystemHandler;
import ai.katonic.kpc.aws.efs.EfsMountTargetHandler;
import ai.katonic.kpc.aws.eks.EksAddonHandler;
import ai.katonic.kpc.aws.eks.EksClusterHandler;
import ai.katonic.kpc.aws.eks.NodeGroupHandler;
import ai.katonic.kpc.aws.iam.IamRoleHandler;
import ai.katonic.kpc.aws.iam.InstanceProfileHandler;
import ai.katonic.kpc.aws.iam.OidcProviderHandler;
import ai.katonic.kpc.aws.iam.ServiceAccountRoleHandler;
import ai.katonic.kpc.aws.kms.KmsKeyHandler;
import ai.katonic.kpc.aws.s3.BackupBucketHandler;
import ai.katonic.kpc.k8s.IngressHandler;
import ai.katonic.kpc.k8s.KubeApiHandler;
import ai.katonic.kpc.k8s.NamespaceHandler;
import ai.katonic.kpc.k8s.NetworkPolicyHandler;
import ai.katonic.kpc.k8s.StorageClassHandler;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Kinds;
import ai.katonic.kpc.plan.Spec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every kind of resource kpc makes, one line each: the table from spec type to the handler that talks
 * to AWS (or the cluster) about it. The engine receives it as {@link Kinds} ({@link #KINDS}).
 */
public final class Catalog {
    /** The catalog as the engine takes it. */
    public static final Kinds KINDS = new Kinds() {
        @Override
        public <S extends Spec> Handler<S> of(S spec) {
            return Catalog.of(spec);
        }

        @Override
        public List<Handler<?>> all() {
            return Catalog.all();
        }
    };

    private static final Map<Class<?>, Handler<?>> BY_SPEC = new LinkedHashMap<>();

    static {
        for (Handler<?> h : List.<Handler<?>>of(new VpcHandler(), new SubnetHandler(), new InternetGatewayHandler(),
                new ElasticIpHandler(), new NatGatewayHandler(), new RouteTableHandler(), new RouteHandler(),
                new RouteTableAssociationHandler(), new SecurityGroupHandler(), new VpcEndpointHandler(),
                new KeyPairHandler(), new IamRoleHandler(), new InstanceProfileHandler(), new InstanceHandler(),
                new KmsKeyHandler(), new EksClusterHandler(), new OidcProviderHandler(), new NodeGroupHandler(), new ServiceAccountRoleHandler(), new EksAddonHandler(), new EfsFileSystemHandler(),
                new EfsMountTargetHandler(), new EfsAccessPointHandler(), new BackupBucketHandler(),
                new KubeApiHandler(), new StorageClassHandler(), new NamespaceHandler(), new ai.katonic.kpc.k8s.AlbOidcSecretHandler(), new ai.katonic.kpc.k8s.GeneratedSecretHandler(), new NetworkPolicyHandler(), new CertificateHandler(), new DnsRecordsHandler(), new IngressHandler(),
                new ai.katonic.kpc.helm.HelmReleaseHandler(), new ai.katonic.kpc.k8s.IngressAddressHandler())) {
            BY_SPEC.put(h.specType(), h);
        }
    }

    private Catalog() {}

    @SuppressWarnings("unchecked")
    public static <S extends Spec> Handler<S> of(S spec) {
        Handler<?> h = BY_SPEC.get(spec.getClass());
        if (h == null) throw new IllegalStateException("no handler for " + spec.type());
        return (Handler<S>) h;
    }

    public static List<Handler<?>> all() {
        return List.copyOf(BY_SPEC.values());
    }
}
