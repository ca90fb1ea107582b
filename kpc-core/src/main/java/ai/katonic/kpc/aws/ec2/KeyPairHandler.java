package ai.katonic.kpc.aws.ec2;

import ai.katonic.kpc.config.SshKeys;
import ai.katonic.kpc.aws.AwsErrors;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.model.KeyPairInfo;
import software.amazon.awssdk.services.ec2.model.KeyType;
import software.amazon.awssdk.services.ec2.model.ResourceType;

/**
 * The jump host's key pair: the user's public key imported, or one EC2 generates whose private
 * half kpc writes to {@code .kpc/<cluster>/jump-host.pem} (0600) and never prints or records.
 */
public final class KeyPairHandler implements Handler<Spec.KeyPair>, Handler.Inventory {
    public Class<Spec.KeyPair> specType() { return Spec.KeyPair.class; }

    public List<String> actions() {
        return List.of("ec2:ImportKeyPair", "ec2:CreateKeyPair", "ec2:DescribeKeyPairs", "ec2:DeleteKeyPair", "ec2:CreateTags");
    }

    @Override
    public List<String> actions(Spec.KeyPair spec) {
        return List.of(spec.publicKeyPath() != null ? "ec2:ImportKeyPair" : "ec2:CreateKeyPair", "ec2:DescribeKeyPairs",
                "ec2:DeleteKeyPair", "ec2:CreateTags");
    }

    public static Path privateKeyFile(Path stateDir) {
        return stateDir.resolve("jump-host.pem");
    }

    public Optional<Live> observe(StepContext ctx, Spec.KeyPair spec) {
        Optional<KeyPairInfo> found;
        try {
            found = ctx.aws().ec2().describeKeyPairs(r -> r.keyNames(spec.name())).keyPairs().stream().findFirst();
        } catch (RuntimeException e) {
            if (!AwsErrors.isNotFound(e)) throw e;
            found = Optional.empty();
        }
        // EC2 finds key pairs by name: one of this name that is not this cluster's is refused, and left as it is
        if (found.isPresent()) Ec2Tags.requireCluster(ctx, "EC2 key pair " + spec.name(), found.get().tags(),
                "kpc will not adopt or replace it. Rename the cluster or delete that key pair");
        return found.map(k -> Live.of(k.keyName()));
    }

    public Live create(StepContext ctx, Spec.KeyPair spec) {
        if (spec.publicKeyPath() != null) {
            Path pub = SshKeys.resolve(ctx.configDir(), spec.publicKeyPath());
            // Validation refuses this too; checked again here, as the file may have changed since.
            String notPublic = SshKeys.notAPublicKey(pub);
            if (notPublic != null) {
                throw new ai.katonic.kpc.errors.KpcException.InvalidInput("jump_host.ssh_public_key: file " + pub + " " + notPublic);
            }
            byte[] material;
            try {
                material = Files.readAllBytes(pub);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + pub, e);
            }
            ctx.aws().ec2().importKeyPair(r -> r.keyName(spec.name()).publicKeyMaterial(SdkBytes.fromByteArray(material))
                    .tagSpecifications(Ec2Tags.spec(ctx, ResourceType.KEY_PAIR)));
            return Live.of(spec.name());
        }
        String pem = ctx.aws().ec2().createKeyPair(r -> r.keyName(spec.name()).keyType(KeyType.RSA)
                .tagSpecifications(Ec2Tags.spec(ctx, ResourceType.KEY_PAIR))).keyMaterial();
        Path file = privateKeyFile(ctx.stateDir());
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, pem, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the jump host's private key to " + file, e);
        }
        ctx.progress("private key saved to " + file);
        return Live.of(spec.name());
    }

    /** Adopting a generated key whose private half was never saved (a run killed mid-create): it is useless, so make it anew. */
    public Live finish(StepContext ctx, Spec.KeyPair spec, Live found) {
        if (spec.publicKeyPath() != null || Files.exists(privateKeyFile(ctx.stateDir()))) return found;
        ctx.aws().ec2().deleteKeyPair(r -> r.keyName(spec.name()));
        return create(ctx, spec);
    }

    public void delete(StepContext ctx, Spec.KeyPair spec, Live live) {
        Ec2Calls.deleteIgnoringNotFound(ctx, "key pair", () -> ctx.aws().ec2().deleteKeyPair(r -> r.keyName(live.awsId())));
        try {
            Files.deleteIfExists(privateKeyFile(ctx.stateDir()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<String> leftovers(ai.katonic.kpc.aws.AwsClients aws, String cluster, List<ai.katonic.kpc.plan.Resource> mine) {
        return Ec2Tags.leftovers("key_pair", cluster, aws.ec2().describeKeyPairs(r -> r.filters(Ec2Tags.cluster(cluster))).keyPairs().stream(),
                x -> x.tags(), x -> x.keyName());
    }

    public List<String> leftoverActions() {
        return List.of("ec2:DescribeKeyPairs");
    }
}
