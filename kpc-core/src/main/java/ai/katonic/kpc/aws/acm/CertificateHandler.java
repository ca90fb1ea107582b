package ai.katonic.kpc.aws.acm;

import ai.katonic.kpc.config.ClusterConfig;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.errors.KpcException;
import ai.katonic.kpc.plan.Spec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateSummary;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.Tag;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

/**
 * The ALB's certificate when the config names none: requested from ACM for the three names with
 * DNS validation (an idempotency token keeps a retried request from making a second one). ACM
 * issues it once the CNAME records it asks for exist; kpc prints them and does not wait, since
 * creating DNS records is the domain owner's (the load balancer controller only attaches the
 * certificate once it is issued).
 */
public final class CertificateHandler implements Handler<Spec.Certificate>, Handler.Replacer, Handler.Inventory {
    /** A certificate's names are fixed when ACM issues it: other names (an app turned on or off) make a new one. */
    public List<String> forcesReplacement() {
        return List.of("domain", "alternative_names");
    }

    /** The ALB's listener uses the old one until the Ingresses are updated with the new ARN. */
    public boolean afterDependents() {
        return true;
    }

    public String whatBecomesOfTheOld(String oldId) {
        return "the old certificate " + oldId + " is deleted once the Ingresses use the new one";
    }

    /** The old certificate, deleted once the load balancer controller has moved the ALB's listener off it. */
    public void replaced(StepContext ctx, String oldId) {
        ai.katonic.kpc.engine.Poll.until(ctx, "old certificate deleted", java.time.Duration.ofMinutes(2), () -> {
            try {
                ctx.aws().acm().deleteCertificate(r -> r.certificateArn(oldId));
            } catch (RuntimeException e) {
                if (AwsErrors.isNotFound(e)) return ai.katonic.kpc.engine.Poll.Seen.done("gone", oldId);
                if (AwsErrors.code(e).equals("ResourceInUseException")) {
                    return ai.katonic.kpc.engine.Poll.Seen.waiting("still on the ALB's listener");
                }
                throw e;
            }
            return ai.katonic.kpc.engine.Poll.Seen.done("deleted", oldId);
        });
    }

    public Class<Spec.Certificate> specType() { return Spec.Certificate.class; }

    public List<String> actions() {
        return List.of("acm:RequestCertificate", "acm:AddTagsToCertificate", "acm:DescribeCertificate", "acm:ListCertificates",
                "acm:ListTagsForCertificate", "acm:DeleteCertificate");
    }

    public Optional<Live> observe(StepContext ctx, Spec.Certificate spec) {
        String arn = ctx.recordedId();
        if (arn == null) arn = findByTag(ctx, spec).orElse(null);
        if (arn == null) return Optional.empty();
        String known = arn;
        try {
            return Optional.of(live(ctx, ctx.aws().acm().describeCertificate(r -> r.certificateArn(known)).certificate()));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return Optional.empty();
            throw e;
        }
    }

    /** A certificate for the domain carrying kpc's tags for this cluster and this resource. */
    private static Optional<String> findByTag(StepContext ctx, Spec.Certificate spec) {
        return allByTag(ctx, spec).stream().findFirst();
    }

    /** Every such certificate (one, unless a replacement was cut short before the old one went). */
    private static List<String> allByTag(StepContext ctx, Spec.Certificate spec) {
        return tagged(ctx.aws().acm(), ctx.clusterName(), List.of(spec.domain()), ctx.resourceId());
    }

    /** The certificates for one of {@code domains} tagged for this cluster and, unless {@code resourceId} is null, that resource. */
    private static List<String> tagged(software.amazon.awssdk.services.acm.AcmClient acm, String cluster, List<String> domains,
                                       String resourceId) {
        List<String> out = new ArrayList<>();
        for (CertificateSummary s : acm.listCertificatesPaginator(r -> r.maxItems(100)).certificateSummaryList()) {
            if (!domains.contains(s.domainName())) continue;
            List<Tag> tags = acm.listTagsForCertificate(r -> r.certificateArn(s.certificateArn())).tags();
            boolean ours = tags.stream().anyMatch(t -> t.key().equals(ClusterConfig.OWNER_TAG) && t.value().equals(cluster))
                    && (resourceId == null || tags.stream().anyMatch(t -> t.key().equals(StepContext.RESOURCE_TAG) && t.value().equals(resourceId)));
            if (ours) out.add(s.certificateArn());
        }
        return out;
    }

    public Live create(StepContext ctx, Spec.Certificate spec) {
        List<Tag> tags = ctx.tags().entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
        // ACM's token: at most 32 word characters; the names are part of it, or a replacement within the hour
        // would be answered with the certificate of the old names.
        String token = ctx.clientToken(24) + namesHash(spec);
        String arn = ctx.aws().acm().requestCertificate(r -> r.domainName(spec.domain()).subjectAlternativeNames(spec.alternativeNames())
                .validationMethod(ValidationMethod.DNS).idempotencyToken(token)
                .tags(tags)).certificateArn();
        ctx.progress("requested " + arn);
        // ACM fills in the validation records a few seconds after the request.
        int names = 1 + spec.alternativeNames().size();
        Live live = ai.katonic.kpc.engine.Poll.until(ctx, "validation records", java.time.Duration.ofSeconds(20), () -> {
            CertificateDetail c = ctx.settle(() -> ctx.aws().acm().describeCertificate(r -> r.certificateArn(arn)).certificate());
            long ready = c.domainValidationOptions().stream().filter(v -> v.resourceRecord() != null).count();
            return ready >= names ? ai.katonic.kpc.engine.Poll.Seen.done("listed", live(ctx, c))
                    : ai.katonic.kpc.engine.Poll.Seen.waiting(ready + " of " + names + " records");
        });
        for (String record : live.outputs().getOrDefault("validation_records", "").split("\n")) {
            if (!record.isBlank()) ctx.progress("to validate it, create the DNS record: " + record);
        }
        return live;
    }

    public void delete(StepContext ctx, Spec.Certificate spec, Live live) {
        deleteOne(ctx, live.awsId());
        // an old certificate a cut-short replacement left, still tagged as this resource's
        for (String other : allByTag(ctx, spec)) if (!other.equals(live.awsId())) deleteOne(ctx, other);
    }

    private static void deleteOne(StepContext ctx, String arn) {
        try {
            ctx.aws().acm().deleteCertificate(r -> r.certificateArn(arn));
        } catch (RuntimeException e) {
            if (AwsErrors.isNotFound(e)) return;
            if (AwsErrors.code(e).equals("ResourceInUseException")) {
                throw new KpcException.OperationFailed(ctx.resourceId() + ": the certificate is still attached to a load balancer; "
                        + "kpc deletes its Ingress first, so the load balancer controller should remove it shortly: re-run destroy");
            }
            throw e;
        }
    }

    private static String namesHash(Spec.Certificate spec) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest((spec.domain() + "," + String.join(",", spec.alternativeNames()))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d).substring(0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Live live(StepContext ctx, CertificateDetail c) {
        Map<String, String> out = new LinkedHashMap<>();
        out.put("arn", c.certificateArn());
        out.put("status", c.statusAsString());
        List<String> records = new ArrayList<>();
        for (DomainValidation v : c.domainValidationOptions()) {
            if (v.resourceRecord() != null) {
                records.add(v.resourceRecord().name() + " " + v.resourceRecord().typeAsString() + " " + v.resourceRecord().value());
            }
        }
        if (!records.isEmpty()) out.put("validation_records", String.join("\n", records.stream().distinct().toList()));
        return Live.of(c.certificateArn(), out);
    }

    /** Listing ACM is this kind's own action: only a config with a certificate of kpc's asks it. */
    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        List<String> domains = mine.stream().map(r -> ((Spec.Certificate) r.spec()).domain()).toList();
        if (domains.isEmpty()) return List.of();
        return tagged(aws.acm(), cluster, domains, null).stream().map(arn -> "acm_certificate " + arn).toList();
    }

    public List<String> leftoverActions() {
        return List.of();
    }
}
