package ai.katonic.kpc.sim;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The IAM action names of EKS and EFS REST calls (method and path), as their API references list them. */
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
}
