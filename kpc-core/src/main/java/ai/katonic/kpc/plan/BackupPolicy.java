package ai.katonic.kpc.plan;

import ai.katonic.kpc.backup.Velero;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The IAM statements for the backup bucket: exactly the seed's (list buckets and their locations,
 * list this bucket, read and write its objects) — what {@code kpc policy backup} prints for the
 * installing user — and, for Velero's IRSA role, those plus the EBS snapshot actions its AWS plugin
 * needs for volumes on {@code kfs}, and nothing more.
 */
public final class BackupPolicy {
    private BackupPolicy() {}

    public static Map<String, Object> seed(String bucket) {
        return document(seedStatements(bucket));
    }

    public static Map<String, Object> velero(String bucket) {
        List<Map<String, Object>> statements = new java.util.ArrayList<>(seedStatements(bucket));
        statements.add(statement("EbsSnapshotsOfPersistentVolumes", List.of("ec2:DescribeVolumes", "ec2:DescribeSnapshots",
                "ec2:CreateTags", "ec2:CreateVolume", "ec2:CreateSnapshot", "ec2:DeleteSnapshot"), "*"));
        return document(statements);
    }

    /** Velero's policy as the compact JSON an inline role policy holds. */
    public static String veleroJson(String bucket) {
        try {
            return ai.katonic.kpc.runtime.Jackson.JSON.writeValueAsString(velero(bucket));
        } catch (tools.jackson.core.JacksonException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Map<String, Object>> seedStatements(String bucket) {
        return List.of(
                statement("ListBuckets", List.of("s3:ListAllMyBuckets", "s3:GetBucketLocation"), "*"),
                statement("ListBackupBucket", List.of("s3:ListBucket"), "arn:aws:s3:::" + bucket),
                statement("ReadWriteBackups", List.of("s3:PutObject", "s3:GetObject", "s3:DeleteObject"), "arn:aws:s3:::" + bucket + "/*"));
    }

    private static Map<String, Object> document(List<Map<String, Object>> statements) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Version", "2012-10-17");
        p.put("Statement", statements);
        return p;
    }

    private static Map<String, Object> statement(String sid, List<String> actions, String resource) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Sid", sid);
        s.put("Effect", "Allow");
        s.put("Action", actions.size() == 1 ? actions.get(0) : actions);
        s.put("Resource", resource);
        return s;
    }
}
