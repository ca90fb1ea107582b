package ai.katonic.kpc.sim;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The IAM action names of EKS, EFS and S3 REST calls (method, path, sub-resource), as the service
 * authorization reference lists them. Written from the wire, independently of kpc's own table
 * ({@code aws.IamActionNames}), so the two can check each other.
 */
final class RestActions {
    private RestActions() {}

    private record Route(String service, String method, Pattern path, String action) {}

    private static final String SEG = "[^/]+";
    private static final List<Route> ROUTES = List.of(
            r("eks", "POST", "/clusters", "CreateCluster"),
            r("eks", "GET", "/clusters", "ListClusters"),
            r("eks", "GET", "/clusters/" + SEG, "DescribeCluster"),
            r("eks", "DELETE", "/clusters/" + SEG, "DeleteCluster"),
            r("eks", "POST", "/clusters/" + SEG + "/node-groups", "CreateNodegroup"),
            r("eks", "GET", "/clusters/" + SEG + "/node-groups", "ListNodegroups"),
            r("eks", "GET", "/clusters/" + SEG + "/node-groups/" + SEG, "DescribeNodegroup"),
            r("eks", "POST", "/clusters/" + SEG + "/node-groups/" + SEG + "/update-config", "UpdateNodegroupConfig"),
            r("eks", "DELETE", "/clusters/" + SEG + "/node-groups/" + SEG, "DeleteNodegroup"),
            r("eks", "POST", "/clusters/" + SEG + "/addons", "CreateAddon"),
            r("eks", "GET", "/clusters/" + SEG + "/addons", "ListAddons"),
            r("eks", "GET", "/clusters/" + SEG + "/addons/" + SEG, "DescribeAddon"),
            r("eks", "POST", "/clusters/" + SEG + "/addons/" + SEG + "/update", "UpdateAddon"),
            r("eks", "DELETE", "/clusters/" + SEG + "/addons/" + SEG, "DeleteAddon"),
            r("eks", "GET", "/addons/supported-versions", "DescribeAddonVersions"),
            r("eks", "GET", "/cluster-versions", "DescribeClusterVersions"),
            r("eks", "POST", "/tags/" + ".+", "TagResource"),
            r("elasticfilesystem", "POST", "/2015-02-01/file-systems", "CreateFileSystem"),
            r("elasticfilesystem", "GET", "/2015-02-01/file-systems", "DescribeFileSystems"),
            r("elasticfilesystem", "DELETE", "/2015-02-01/file-systems/" + SEG, "DeleteFileSystem"),
            r("elasticfilesystem", "POST", "/2015-02-01/mount-targets", "CreateMountTarget"),
            r("elasticfilesystem", "GET", "/2015-02-01/mount-targets", "DescribeMountTargets"),
            r("elasticfilesystem", "DELETE", "/2015-02-01/mount-targets/" + SEG, "DeleteMountTarget"),
            r("elasticfilesystem", "POST", "/2015-02-01/access-points", "CreateAccessPoint"),
            r("elasticfilesystem", "GET", "/2015-02-01/access-points", "DescribeAccessPoints"),
            r("elasticfilesystem", "DELETE", "/2015-02-01/access-points/" + SEG, "DeleteAccessPoint"));

    private static Route r(String service, String method, String path, String action) {
        return new Route(service, method, Pattern.compile(path), action);
    }

    static Optional<String> name(String service, String method, String path) {
        return ROUTES.stream().filter(x -> x.service().equals(service) && x.method().equals(method) && x.path().matcher(path).matches())
                .map(Route::action).findFirst();
    }

    /** Bucket sub-resources and the actions that read and write them (GET, PUT). */
    private static final Map<String, String[]> S3_SUBRESOURCES = Map.of(
            "tagging", new String[] {"GetBucketTagging", "PutBucketTagging"},
            "versioning", new String[] {"GetBucketVersioning", "PutBucketVersioning"},
            "encryption", new String[] {"GetEncryptionConfiguration", "PutEncryptionConfiguration"},
            "publicAccessBlock", new String[] {"GetBucketPublicAccessBlock", "PutBucketPublicAccessBlock"},
            "policy", new String[] {"GetBucketPolicy", "PutBucketPolicy"},
            "ownershipControls", new String[] {"GetBucketOwnershipControls", "PutBucketOwnershipControls"},
            "lifecycle", new String[] {"GetLifecycleConfiguration", "PutLifecycleConfiguration"},
            "location", new String[] {"GetBucketLocation", "GetBucketLocation"},
            "versions", new String[] {"ListBucketVersions", "ListBucketVersions"});

    /** The S3 action of a path-style request: {@code /} lists buckets, {@code /b} is the bucket, {@code /b/k} an object. */
    static String s3(String method, String path, Map<String, String> params, String body) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.isEmpty()) return "ListAllMyBuckets";
        int slash = p.indexOf('/');
        boolean object = slash >= 0 && slash < p.length() - 1;
        if (object) {
            return switch (method) {
                case "PUT" -> "PutObject";
                case "DELETE" -> params.containsKey("versionId") ? "DeleteObjectVersion" : "DeleteObject";
                default -> "GetObject";
            };
        }
        if (method.equals("POST") && params.containsKey("delete")) {
            return body.contains("<VersionId>") ? "DeleteObjectVersion" : "DeleteObject";
        }
        for (Map.Entry<String, String[]> sub : S3_SUBRESOURCES.entrySet()) {
            if (!params.containsKey(sub.getKey())) continue;
            if (method.equals("DELETE")) return sub.getKey().equals("policy") ? "DeleteBucketPolicy" : sub.getValue()[1];
            return method.equals("PUT") ? sub.getValue()[1] : sub.getValue()[0];
        }
        return switch (method) {
            case "PUT" -> "CreateBucket";
            case "DELETE" -> "DeleteBucket";
            default -> "ListBucket"; // GET lists objects, HEAD asks whether the bucket is there and yours
        };
    }
}
