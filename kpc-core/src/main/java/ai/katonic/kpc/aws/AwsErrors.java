package ai.katonic.kpc.aws;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** Turns an AWS failure into one sentence: which resource, which call, the AWS error code, what to do. */
public final class AwsErrors {
    private AwsErrors() {}

    public static String explain(String resourceId, Throwable e) {
        if (e instanceof AwsServiceException a && a.awsErrorDetails() != null) {
            String code = a.awsErrorDetails().errorCode() != null ? a.awsErrorDetails().errorCode() : "HTTP " + a.statusCode();
            String service = a.awsErrorDetails().serviceName();
            String msg = a.awsErrorDetails().errorMessage();
            return resourceId + ": " + service + " refused the request with " + code + " (" + oneLine(msg) + "); "
                    + fix(code, msg);
        }
        if (e instanceof SdkClientException c && String.valueOf(c.getMessage()).contains("Unable to load credentials")) {
            return resourceId + ": no AWS credentials found; set AWS_PROFILE or --profile, or AWS_ACCESS_KEY_ID and "
                    + "AWS_SECRET_ACCESS_KEY, or run where an instance role is available";
        }
        if (e instanceof SdkClientException c) {
            return resourceId + ": could not reach AWS (" + oneLine(c.getMessage())
                    + "); check the network, the region and --endpoint-url, then re-run";
        }
        return resourceId + ": " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage())
                + "; re-run to resume, and report it if it persists";
    }

    /** Whether AWS refused the call for lack of permission: {@link ai.katonic.kpc.aws.IamActionNames} marks every such refusal. */
    public static boolean isAccessDenied(Throwable e) {
        return e instanceof AwsServiceException && String.valueOf(e.getMessage()).contains(ai.katonic.kpc.aws.IamActionNames.MARK);
    }

    /** Whether an AWS error means the thing is already gone (delete) or not there (describe). */
    /** Whether what {@code lookUp} asks for exists: it answered, or it failed with NotFound (any other error goes up). */
    public static boolean exists(Runnable lookUp) {
        try {
            lookUp.run();
            return true;
        } catch (RuntimeException e) {
            if (isNotFound(e)) return false;
            throw e;
        }
    }

    public static boolean isNotFound(Throwable e) {
        if (!(e instanceof AwsServiceException a)) return false;
        if (a.statusCode() == 404) return true;
        String code = a.awsErrorDetails() == null ? "" : a.awsErrorDetails().errorCode();
        return code != null && (code.contains("NotFound") || code.equals("NoSuchEntity") || code.equals("NoSuchBucket")
                || code.equals("ResourceNotFoundException") || code.equals("FileSystemNotFound")
                || code.equals("MountTargetNotFound") || code.equals("AccessPointNotFound"));
    }

    /**
     * Whether a failed call may have taken effect although kpc saw no answer: a dropped connection,
     * a timeout, a 5xx. (Throttling and 4xx refusals took no effect.) A create that fails so is
     * looked for before it is made again.
     */
    public static boolean answerMayBeLost(Throwable e) {
        if (e instanceof software.amazon.awssdk.core.exception.SdkServiceException s) {
            return s.statusCode() >= 500 && !s.isThrottlingException();
        }
        return e instanceof SdkClientException && !String.valueOf(e.getMessage()).contains("Unable to load credentials");
    }

    /** A few words on why a call failed: the AWS error code, else the innermost cause's message. */
    public static String why(Throwable e) {
        String code = code(e);
        if (!code.isEmpty()) return code;
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        return oneLine(String.valueOf(t.getMessage()).replaceAll("\\s*\\(SDK Attempt Count: \\d+\\)", ""));
    }

    public static String code(Throwable e) {
        return e instanceof AwsServiceException a && a.awsErrorDetails() != null ? a.awsErrorDetails().errorCode() : "";
    }

    private static String fix(String code, String msg) {
        String c = code == null ? "" : code;
        boolean marked = msg != null && msg.contains(ai.katonic.kpc.aws.IamActionNames.MARK); // only on denials
        if (c.contains("UnauthorizedOperation") || c.contains("AccessDenied") || marked) {
            String action = msg == null ? "" : actionIn(msg);
            return action.isEmpty() ? "the installer identity lacks a permission; run `kpc policy installer` for the policy it needs"
                    : "the installer policy lacks " + action + "; run `kpc policy installer`";
        }
        if (c.contains("LimitExceeded") || c.contains("QuotaExceeded") || c.equals("AddressLimitExceeded")) {
            return "a service quota is exhausted; raise it in the Service Quotas console or free capacity, then re-run";
        }
        if (c.contains("NotFound")) {
            return "it is gone or AWS does not show it yet; re-run `kpc apply` to resume";
        }
        if (c.contains("InvalidParameter") || c.startsWith("Invalid") || c.contains("Unsupported")) {
            return "a value from the config was refused; correct it in kpc.yaml and re-run `kpc apply`";
        }
        if (c.contains("Throttl") || c.equals("RequestLimitExceeded") || c.equals("SlowDown")) {
            return "AWS kept throttling after retries; re-run later or with a lower --parallelism";
        }
        if (c.contains("DependencyViolation") || c.contains("InUse")) {
            return "something outside kpc still uses it; remove that, then re-run";
        }
        return "re-run to resume; if it persists, check the resource in the AWS console";
    }

    /**
     * The action a denial is about: the one AWS names ("is not authorized to perform: iam:PassRole",
     * which may be a permission checked along with the call), else the call kpc made.
     */
    private static String actionIn(String msg) {
        java.util.regex.Matcher named = java.util.regex.Pattern.compile("not authorized to perform:? ([a-z0-9-]+:[A-Za-z0-9]+)").matcher(msg);
        if (named.find()) return named.group(1);
        int mark = msg.lastIndexOf(ai.katonic.kpc.aws.IamActionNames.MARK);
        if (mark >= 0) return msg.substring(mark + ai.katonic.kpc.aws.IamActionNames.MARK.length()).replaceAll("\\).*", "");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\b([a-z0-9-]+:[A-Z][A-Za-z0-9]+)\\b").matcher(msg);
        return m.find() ? m.group(1) : "";
    }

    private static String oneLine(String s) {
        if (s == null) return "no message";
        String line = s.strip().replaceAll("\\s+", " ");
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
