package ai.katonic.kpc.sim;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * ACM's DNS validation records as ACM makes them: moto gives every certificate the same record
 * (one fixed hash in the name, one fixed value), so two clusters' validation records looked alike
 * and deleting one cluster's could have passed for the other's. ACM derives the name from the
 * domain (and the account) and the value per certificate; so does this.
 */
public final class AcmValidationRecords implements Behaviour {
    @Override
    public Reply after(AwsCall call, Reply reply) {
        if (!reply.ok() || !call.iamAction().equals("acm:DescribeCertificate")) return reply;
        JsonNode body = WireEdit.json(reply.body());
        if (body == null) return reply;
        JsonNode cert = body.path("Certificate");
        String arn = cert.path("CertificateArn").asString("");
        String account = arn.split(":").length > 4 ? arn.split(":")[4] : "";
        boolean[] changed = {false};
        cert.path("DomainValidationOptions").forEach(v -> {
            if (!(v.get("ResourceRecord") instanceof ObjectNode rr)) return;
            String domain = v.path("DomainName").asString("");
            String base = domain.startsWith("*.") ? domain.substring(2) : domain;
            rr.put("Name", "_" + hash(account + " " + base, 32) + "." + base + ".");
            rr.put("Value", "_" + hash(arn + " " + base, 32) + "." + hash(arn, 10) + ".acm-validations.aws.");
            changed[0] = true;
        });
        return changed[0] ? reply.withBody(WireEdit.bytes(body)) : reply;
    }

    private static String hash(String s, int length) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d).substring(0, length);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
