package ai.katonic.kpc.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.pubkey.AcceptAllPublickeyAuthenticator;
import org.apache.sshd.server.forward.TcpForwardingFilter;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;

/**
 * The jump host's SSH, for the emulated cloud: one Apache MINA SSH server on loopback that lets
 * kpc in with any key and forwards (direct-tcpip) to loopback only, so a tunnel reaches the
 * simulated clusters' API servers and nothing else. EC2's GetConsoleOutput then shows its host key
 * between the markers cloud-init prints, as a real instance's console does after first boot.
 * kpc finds it through {@code KPC_JUMP_HOST_ADDRESS} (moto's instances have made-up public IPs).
 */
public final class SimulatedJumpHost implements Behaviour, AutoCloseable {
    private static final Pattern OUTPUT = Pattern.compile("<output>([^<]*)</output>");

    private final SshServer server;
    private final String hostKey;

    public SimulatedJumpHost() {
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        SimpleGeneratorHostKeyProvider keys = new SimpleGeneratorHostKeyProvider();
        server.setKeyPairProvider(keys);
        server.setPublickeyAuthenticator(AcceptAllPublickeyAuthenticator.INSTANCE);
        server.setForwardingFilter(org.apache.sshd.server.forward.ForwardingFilter.asForwardingFilter(null, null, new TcpForwardingFilter() {
            public boolean canListen(org.apache.sshd.common.util.net.SshdSocketAddress a, org.apache.sshd.common.session.Session s) {
                return false;
            }

            public boolean canConnect(Type type, org.apache.sshd.common.util.net.SshdSocketAddress a,
                                      org.apache.sshd.common.session.Session s) {
                String h = a.getHostName();
                return type == Type.Direct && (h.equals("localhost") || h.equals("127.0.0.1"));
            }
        }));
        try {
            server.start();
            List<KeyPair> pairs = new java.util.ArrayList<>();
            keys.loadKeys(null).forEach(pairs::add);
            hostKey = PublicKeyEntry.toString(pairs.get(0).getPublic());
        } catch (IOException e) {
            server.close(true);
            throw new IllegalStateException("could not start the simulated jump host's SSH server", e);
        }
    }

    /** host:port of the SSH server: what {@code KPC_JUMP_HOST_ADDRESS} must say. */
    public String address() {
        return "127.0.0.1:" + server.getPort();
    }

    /** Its host key as an OpenSSH public key line. */
    public String hostKey() {
        return hostKey;
    }

    @Override
    public Reply after(AwsCall call, Reply reply) {
        if (!call.service().equals("ec2") || !call.action().equals("GetConsoleOutput") || !reply.ok()) return reply;
        String body = new String(reply.body(), StandardCharsets.UTF_8);
        Matcher m = OUTPUT.matcher(body);
        if (!m.find()) return reply;
        String console = new String(Base64.getMimeDecoder().decode(m.group(1)), StandardCharsets.UTF_8)
                + "\n-----BEGIN SSH HOST KEY KEYS-----\n" + hostKey + "\n-----END SSH HOST KEY KEYS-----\n";
        String out = body.substring(0, m.start(1)) + Base64.getEncoder().encodeToString(console.getBytes(StandardCharsets.UTF_8))
                + body.substring(m.end(1));
        return reply.withBody(out.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
