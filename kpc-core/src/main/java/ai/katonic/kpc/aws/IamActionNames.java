package ai.katonic.kpc.aws;

import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Names the IAM action of a call AWS refused for lack of permission. AWS's own messages name it
 * for some services and not others (S3 says only "Access Denied"); the SDK knows which operation
 * it was calling, so kpc adds "(kpc called s3:PutBucketPolicy)" to the message and
 * {@code AwsErrors} turns that into "the installer policy lacks ...".
 */
public final class IamActionNames implements ExecutionInterceptor {
    public static final String MARK = "kpc called ";

    private static final Map<String, String> PREFIX = Map.of("Ec2", "ec2", "Iam", "iam", "Eks", "eks",
            "Efs", "elasticfilesystem", "S3", "s3", "Ssm", "ssm", "Sts", "sts", "Acm", "acm", "Kms", "kms",
            "ServiceQuotas", "servicequotas");

    /** S3 operations whose IAM action has another name (the S3 list of actions, "Actions defined by Amazon S3"). */
    private static final Map<String, String> S3 = Map.ofEntries(
            Map.entry("HeadBucket", "ListBucket"), Map.entry("ListObjectsV2", "ListBucket"),
            Map.entry("ListObjectVersions", "ListBucketVersions"), Map.entry("HeadObject", "GetObject"),
            Map.entry("PutBucketEncryption", "PutEncryptionConfiguration"),
            Map.entry("GetBucketEncryption", "GetEncryptionConfiguration"),
            Map.entry("PutPublicAccessBlock", "PutBucketPublicAccessBlock"),
            Map.entry("GetPublicAccessBlock", "GetBucketPublicAccessBlock"),
            Map.entry("PutBucketLifecycleConfiguration", "PutLifecycleConfiguration"),
            Map.entry("GetBucketLifecycleConfiguration", "GetLifecycleConfiguration"),
            Map.entry("DeleteObjects", "DeleteObjectVersion"));

    /** {@code service:Action} for an SDK service and operation name. */
    public static String of(String sdkService, String operation) {
        String prefix = sdkService.startsWith("ElasticLoadBalancing") ? "elasticloadbalancing"
                : PREFIX.getOrDefault(sdkService, sdkService.toLowerCase(java.util.Locale.ROOT));
        String name = prefix.equals("s3") ? S3.getOrDefault(operation, operation) : operation;
        return prefix + ":" + name;
    }

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (!(context.exception() instanceof AwsServiceException e) || e.awsErrorDetails() == null) return context.exception();
        String code = String.valueOf(e.awsErrorDetails().errorCode());
        boolean denied = code.contains("AccessDenied") || code.contains("UnauthorizedOperation") || code.equals("Forbidden")
                || (e.statusCode() == 403 && !code.contains("Signature") && !code.contains("Token") && !code.contains("Expired"));
        if (!denied) return e;
        String action = of(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
        AwsErrorDetails d = e.awsErrorDetails();
        String message = (d.errorMessage() == null ? "" : d.errorMessage() + " ") + "(" + MARK + action + ")";
        return e.toBuilder().message(message).awsErrorDetails(d.toBuilder().errorMessage(message).build()).build();
    }
}
