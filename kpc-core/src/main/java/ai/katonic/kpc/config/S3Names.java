package ai.katonic.kpc.config;

import java.util.List;
import java.util.regex.Pattern;

/** S3's general-purpose bucket naming rules, as the S3 user guide lists them. */
final class S3Names {
    private S3Names() {}

    private static final Pattern CHARS = Pattern.compile("[a-z0-9][a-z0-9.-]*[a-z0-9]");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    private static final List<String> BAD_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> BAD_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");

    static void check(Diagnostics d, String path, String name) {
        if (name.length() < 3 || name.length() > 63) {
            d.error(path, "bucket name '" + name + "' is " + name.length() + " characters; S3 allows 3 to 63");
        } else if (!CHARS.matcher(name).matches()) {
            d.error(path, "bucket name '" + name + "' may hold only lower-case letters, digits, '.' and '-', "
                    + "and must start and end with a letter or digit");
        } else if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
            d.error(path, "bucket name '" + name + "' must not have '..', '.-' or '-.'");
        } else if (IP.matcher(name).matches()) {
            d.error(path, "bucket name '" + name + "' must not look like an IP address");
        } else if (BAD_PREFIXES.stream().anyMatch(name::startsWith) || BAD_SUFFIXES.stream().anyMatch(name::endsWith)) {
            d.error(path, "bucket name '" + name + "' uses a prefix or suffix S3 reserves");
        }
    }
}
