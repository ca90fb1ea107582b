package ai.katonic.kpc.k8s;

import ai.katonic.kpc.aws.ec2.KeyPairHandler;
import ai.katonic.kpc.config.SshKeys;
import ai.katonic.kpc.engine.Handler;
import ai.katonic.kpc.engine.Live;
import ai.katonic.kpc.engine.StepContext;
import ai.katonic.kpc.plan.Spec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the Kubernetes steps reach the private API endpoint, as a step of its own so that it is
 * planned, recorded and ordered like the rest. For a tunnel it learns the jump host's SSH host keys
 * from the instance's console output (cloud-init prints them between {@code BEGIN SSH HOST KEY
 * KEYS} lines at first boot), or, if the console never shows them, pins the key the host presents
 * on first use; either way they are kept in state and every later connection must present one of
 * them. Creating it proves the way works: an SSH session is opened once.
 */
public final class KubeApiHandler implements Handler<Spec.KubeApi>, Handler.Updater<Spec.KubeApi> {
    static final Duration CONSOLE = Duration.ofMinutes(2);
    static final String BEGIN = "-----BEGIN SSH HOST KEY KEYS-----";
    static final String END = "-----END SSH HOST KEY KEYS-----";
    public static final String USER = "ec2-user";

    public Class<Spec.KubeApi> specType() { return Spec.KubeApi.class; }

    public List<String> actions() {
        return List.of();
    }

    public List<String> actions(Spec.KubeApi spec) {
        return spec.mode().equals("tunnel") ? List.of("ec2:GetConsoleOutput") : List.of();
    }

    /** What state recorded (the pinned host keys), with the cluster's endpoint and CA as EKS reports them now. */
    public Optional<Live> observe(StepContext ctx, Spec.KubeApi spec) {
        var recorded = ctx.recorded();
        if (recorded == null || recorded.isEmpty() || !spec.mode().equals(recorded.get("mode"))) return Optional.empty();
        if (!spec.mode().equals("tunnel")) return Optional.of(live(ctx, spec, null)); // nothing to learn
        // Keys learned from another instance (the jump host was replaced) are learned again from the new one.
        if (!recorded.containsKey("host_keys") || !ctx.id(spec.jumpHost()).equals(recorded.get("jump_host"))) return Optional.empty();
        return Optional.of(live(ctx, spec, recorded.get("host_keys")));
    }

    public Live create(StepContext ctx, Spec.KubeApi spec) {
        if (!spec.mode().equals("tunnel")) return live(ctx, spec, null);
        List<String> keys = consoleHostKeys(ctx, spec);
        String address = address(ctx, spec);
        if (keys.isEmpty()) {
            ctx.progress("the console output shows no SSH host keys; pinning the key " + address + " presents now (first use)");
            keys = List.of(firstUse(ctx, spec, address));
        }
        Live live = live(ctx, spec, String.join("\n", keys));
        try (JumpHostTunnel t = JumpHostTunnel.open(address, USER, privateKey(ctx, spec), keys)) {
            ctx.progress("SSH to " + address + " works; host key " + JumpHostTunnel.fingerprint(t.presentedHostKey()));
        }
        return live;
    }

    /** Another address or key in the config: the host keys are learned and the way proved again. */
    public Live update(StepContext ctx, Spec.KubeApi spec, Live live) {
        return create(ctx, spec);
    }

    /** The tunnel a recorded kubernetes-api step describes, to {@code address} (see {@link #address(Map)}). */
    public static JumpHostTunnel tunnel(Map<String, String> recorded, String address) {
        return JumpHostTunnel.open(address, USER, Path.of(recorded.get("private_key")), List.of(recorded.get("host_keys").split("\n")));
    }

    public void delete(StepContext ctx, Spec.KubeApi spec, Live live) {
        // Nothing exists outside kpc's state: the pinned keys go with the record.
    }

    private static Live live(StepContext ctx, Spec.KubeApi spec, String hostKeys) {
        Live cluster = ctx.dep(spec.cluster());
        Map<String, String> out = new LinkedHashMap<>();
        out.put("mode", spec.mode());
        out.put("cluster", cluster.awsId());
        out.put("endpoint", cluster.out("endpoint"));
        out.put("certificate_authority", cluster.out("certificate_authority"));
        if (spec.mode().equals("tunnel")) {
            out.put("jump_host", ctx.id(spec.jumpHost()));
            out.put("address", address(ctx, spec));
            if (spec.address() != null) out.put("address_from_config", "true");
            out.put("private_key", privateKey(ctx, spec).toString());
            out.put("host_keys", hostKeys);
        }
        return Live.of(spec.mode(), out);
    }

    /**
     * Where to SSH now, given what the step recorded: the config's address, else the redirect of
     * the moment (so a redirect that changed since apply is followed, and its host key checked),
     * else the jump host's public IP as recorded.
     */
    public static String address(java.util.Map<String, String> recorded, ai.katonic.kpc.runtime.Overrides overrides) {
        String redirect = overrides.jumpHostAddress();
        return redirect != null && !recorded.containsKey("address_from_config") ? redirect : recorded.get("address");
    }

    /**
     * Where to SSH: the config's address, else {@code KPC_JUMP_HOST_ADDRESS} (or the property
     * {@code kpc.jumpHostAddress}; a simulator sets it, as AWS_ENDPOINT_URL redirects the AWS calls),
     * else the jump host's public IP on port 22.
     */
    static String address(StepContext ctx, Spec.KubeApi spec) {
        if (spec.address() != null) return spec.address();
        String redirect = ctx.run().overrides().jumpHostAddress();
        if (redirect != null) return redirect;
        String ip = ctx.dep(spec.jumpHost()).outputs().get("public_ip");
        if (ip == null) {
            throw new ai.katonic.kpc.errors.KpcException.OperationFailed(ctx.resourceId() + ": the jump host has no public IP "
                    + "to SSH to; set access.jump_host_address, or use access.mode: direct from inside the VPC");
        }
        return ip;
    }

    static Path privateKey(StepContext ctx, Spec.KubeApi spec) {
        return spec.privateKey() == null ? KeyPairHandler.privateKeyFile(ctx.stateDir()).toAbsolutePath()
                : SshKeys.resolve(ctx.configDir(), spec.privateKey()).toAbsolutePath();
    }

    /** The host keys cloud-init printed to the console, waiting a little for a jump host still booting. */
    private static List<String> consoleHostKeys(StepContext ctx, Spec.KubeApi spec) {
        String instance = ctx.id(spec.jumpHost());
        ai.katonic.kpc.runtime.Backoff backoff = ctx.timeScale().every(Duration.ofSeconds(10), CONSOLE);
        while (true) {
            String b64 = ctx.aws().ec2().getConsoleOutput(r -> r.instanceId(instance)).output();
            List<String> keys = parse(b64 == null ? "" : new String(Base64.getMimeDecoder().decode(b64), StandardCharsets.UTF_8));
            if (!keys.isEmpty() || backoff.spent()) return keys;
            ctx.progress("waiting for the jump host's SSH host keys in its console output");
            if (!backoff.pause()) return keys;
        }
    }

    /** The OpenSSH public key lines between the BEGIN/END markers cloud-init prints. */
    static List<String> parse(String console) {
        List<String> keys = new ArrayList<>();
        int b = console.indexOf(BEGIN);
        int e = b < 0 ? -1 : console.indexOf(END, b);
        if (e < 0) return keys;
        for (String line : console.substring(b + BEGIN.length(), e).split("\\R")) {
            // Some images prefix console lines (for example "ec2: "): the key starts at its type.
            String[] f = line.trim().split("\\s+");
            for (int i = 0; i + 1 < f.length; i++) {
                if (f[i].startsWith("ssh-") || f[i].startsWith("ecdsa-")) {
                    keys.add(f[i] + " " + f[i + 1]);
                    break;
                }
            }
        }
        return keys;
    }

    /** Trust on first use: the key the host presents now, recorded so that a different one is refused later. */
    private static String firstUse(StepContext ctx, Spec.KubeApi spec, String address) {
        return JumpHostTunnel.presentedKey(address, USER, privateKey(ctx, spec));
    }
}
