package ai.katonic.kpc.cli;

import ai.katonic.kpc.aws.AwsClients;
import ai.katonic.kpc.aws.eks.EksToken;
import ai.katonic.kpc.errors.KpcException;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Print an EKS bearer token for the cluster as a kubectl ExecCredential.",
                "The kubeconfig `kpc kubeconfig` writes runs this; neither the AWS CLI nor aws-iam-authenticator is needed."})
final class TokenCommand extends AwsCommand implements Callable<Integer> {
    @Option(names = "--cluster", required = true, paramLabel = "NAME", description = "EKS cluster name.")
    String cluster;

    @Override
    public Integer call() {
        String region = root().region != null ? root().region : System.getenv("AWS_REGION");
        if (region == null || region.isBlank()) {
            throw new KpcException.InvalidInput("kpc token: give --region (or set AWS_REGION)");
        }
        try (AwsClients aws = Session.aws(root(), region)) {
            String token = EksToken.create(aws.credentials(), region, cluster, Clock.systemUTC());
            out().println(Json.write(EksToken.execCredential(token, Clock.systemUTC())));
        }
        return 0;
    }
}
