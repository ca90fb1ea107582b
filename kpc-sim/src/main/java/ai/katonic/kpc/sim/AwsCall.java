package ai.katonic.kpc.sim;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request as AWS sees it: which service (from the SigV4 credential scope), which action
 * (X-Amz-Target, the query {@code Action}, or the REST method and path) and its parameters.
 */
public record AwsCall(String service, String action, String method, String path, Map<String, String> params, String body,
        String accessKey, String region) {

    /** The region of a SigV4 credential scope (us-east-1 when it names none, as for IAM's global endpoint). */
    static String region(String authorization) {
        String r = authorization.replaceAll("(?s).*Credential=[^/]*/[^/]*/([^/]*)/.*", "$1");
        return r.equals(authorization) || r.isEmpty() || r.equals("aws-global") ? "us-east-1" : r;
    }

    /** The wire protocol family, which decides how errors must look. */
    public enum Protocol { EC2_QUERY, QUERY, REST_JSON, JSON, REST_XML }

    public static AwsCall parse(String method, URI uri, Map<String, List<String>> headers, byte[] body) {
        String auth = header(headers, "Authorization");
        String service = auth.replaceAll("(?s).*Credential=[^/]*/[^/]*/[^/]*/([^/]*)/.*", "$1");
        if (service.equals(auth)) service = "unknown";
        String accessKey = auth.replaceAll("(?s).*Credential=([^/]*)/.*", "$1");
        if (accessKey.equals(auth)) accessKey = "";
        String text = new String(body, StandardCharsets.UTF_8);
        Map<String, String> params = new LinkedHashMap<>();
        String contentType = header(headers, "Content-Type");
        if (contentType.startsWith("application/x-www-form-urlencoded")) parseForm(text, params);
        if (uri.getRawQuery() != null) parseForm(uri.getRawQuery(), params);
        String target = header(headers, "X-Amz-Target");
        String action;
        if (!target.isEmpty()) action = target.substring(target.lastIndexOf('.') + 1);
        else if (params.containsKey("Action")) action = params.get("Action");
        else action = method + " " + uri.getPath();
        return new AwsCall(service, action, method, uri.getPath(), params, text, accessKey, region(auth));
    }

    public Protocol protocol() {
        return switch (service) {
            case "ec2" -> Protocol.EC2_QUERY;
            case "iam", "sts", "autoscaling", "elasticloadbalancing", "sqs" -> Protocol.QUERY;
            case "eks", "elasticfilesystem" -> Protocol.REST_JSON;
            case "s3" -> Protocol.REST_XML;
            default -> Protocol.JSON;
        };
    }

    /** {@code service:Action} as IAM names it; REST calls of EKS, EFS and S3 are mapped to their action names. */
    public String iamAction() {
        if (service.equals("s3")) return "s3:" + RestActions.s3(method, path, params, body);
        return service + ":" + RestActions.name(service, method, path).orElse(action);
    }

    /** The call's own action and those AWS checks with it (see {@link DependentActions}). */
    public java.util.List<String> iamActions() {
        java.util.List<String> all = new java.util.ArrayList<>();
        all.add(iamAction());
        all.addAll(DependentActions.of(this));
        return all;
    }

    private static void parseForm(String form, Map<String, String> into) {
        for (String kv : form.split("&")) {
            if (kv.isEmpty()) continue;
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(k, v);
        }
    }

    static String header(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) return e.getValue().get(0);
        }
        return "";
    }
}
