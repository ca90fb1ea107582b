package ai.katonic.kpc.k8s;

import ai.katonic.kpc.errors.KpcException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelDirectTcpip;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.net.SshdSocketAddress;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * An SSH connection to the jump host that carries HTTPS to the private API endpoint, offered
 * locally as an HTTP CONNECT proxy on loopback (what kubeconfig's {@code proxy-url} and the
 * Kubernetes client's HTTPS proxy speak). Through a proxy the client still opens TLS to the
 * endpoint's real host name, so the certificate is verified against EKS's CA for that name, as
 * without a tunnel. The jump host's key must be one of {@code hostKeys} (OpenSSH public key lines,
 * from its console output or pinned on first use); any other is refused. A dropped connection is
 * made again on the next request.
 */
public final class JumpHostTunnel implements AutoCloseable {
    static final Duration CONNECT = Duration.ofSeconds(20);

    private final SshClient client;
    private final String host;
    private final int port;
    private final String user;
    private final KeyPair identity;
    private final List<String> hostKeys;
    private final ServerSocket proxy;
    private final AtomicReference<String> presented = new AtomicReference<>();
    private volatile boolean refusedHostKey;
    private ClientSession session;
    private volatile boolean closed;

    private JumpHostTunnel(String host, int port, String user, KeyPair identity, List<String> hostKeys) throws IOException {
        this.host = host;
        this.port = port;
        this.user = user;
        this.identity = identity;
        this.hostKeys = List.copyOf(hostKeys);
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier((s, address, key) -> {
            presented.set(PublicKeyEntry.toString(key));
            boolean ok = accepted(this.hostKeys, key);
            if (!ok) refusedHostKey = true;
            return ok;
        });
        client.start();
        this.proxy = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::serve, "kpc-tunnel");
        accept.setDaemon(true);
        accept.start();
    }

    /** Opens the tunnel and checks that the jump host lets kpc in; fails with what went wrong. */
    public static JumpHostTunnel open(String address, String user, Path privateKey, List<String> hostKeys) {
        String host = host(address);
        int port = port(address);
        JumpHostTunnel t;
        try {
            t = new JumpHostTunnel(host, port, user, loadKey(privateKey), hostKeys);
        } catch (IOException e) {
            throw new KpcException.OperationFailed("could not start the local end of the SSH tunnel: " + e.getMessage());
        }
        try {
            t.session();
        } catch (RuntimeException e) {
            t.close();
            throw e;
        }
        return t;
    }

    /** Connects once to learn the host key the server presents (trust on first use), as an OpenSSH public key line. */
    public static String presentedKey(String address, String user, Path privateKey) {
        String host = host(address);
        int port = port(address);
        SshClient c = SshClient.setUpDefaultClient();
        AtomicReference<String> seen = new AtomicReference<>();
        c.setServerKeyVerifier((s, a, key) -> {
            seen.set(PublicKeyEntry.toString(key));
            return true;
        });
        c.start();
        try (ClientSession s = c.connect(user, host, port).verify(CONNECT).getSession()) {
            s.addPublicKeyIdentity(loadKey(privateKey));
            s.auth().verify(CONNECT);
        } catch (IOException | RuntimeException e) {
            if (seen.get() == null) {
                throw new KpcException.OperationFailed("could not reach the jump host's SSH at " + address + " ("
                        + String.valueOf(e.getMessage()).replaceAll("\\s+", " ") + ")");
            }
        } finally {
            c.stop();
        }
        return seen.get();
    }

    /** host[:port] → host. */
    static String host(String address) {
        return address.contains(":") ? address.substring(0, address.lastIndexOf(':')) : address;
    }

    /** host[:port] → port, 22 when none is given. */
    static int port(String address) {
        return address.contains(":") ? Integer.parseInt(address.substring(address.lastIndexOf(':') + 1)) : 22;
    }

    /** The first key the server presents, as an OpenSSH public key line ("ssh-rsa AAAA..."), null before any. */
    public String presentedHostKey() {
        return presented.get();
    }

    /** {@code http://127.0.0.1:<port>}: the proxy to give kubeconfig's proxy-url and the Kubernetes client. */
    public String proxyUrl() {
        return "http://127.0.0.1:" + proxy.getLocalPort();
    }

    static boolean accepted(List<String> hostKeys, PublicKey key) {
        String[] mine = PublicKeyEntry.toString(key).split(" ");
        return hostKeys.stream().map(l -> l.trim().split("\\s+")).anyMatch(k -> k.length >= 2 && k[0].equals(mine[0]) && k[1].equals(mine[1]));
    }

    private static KeyPair loadKey(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            for (KeyPair kp : SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, FilePasswordProvider.EMPTY)) {
                return kp;
            }
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            throw new KpcException.OperationFailed("cannot read the SSH private key " + file + " for the jump host ("
                    + e.getClass().getSimpleName() + "); give an unencrypted RSA or ECDSA key in PEM or OpenSSH format "
                    + "as access.ssh_private_key");
        }
        throw new KpcException.OperationFailed("no private key found in " + file);
    }

    /** The SSH session, connecting (again) when there is none or it dropped. */
    synchronized ClientSession session() {
        if (session != null && session.isOpen()) return session;
        ClientSession s = null;
        try {
            s = client.connect(user, host, port).verify(CONNECT).getSession();
            s.addPublicKeyIdentity(identity);
            s.auth().verify(CONNECT);
            session = s;
            return s;
        } catch (IOException | RuntimeException e) {
            if (s != null) s.close(true);
            String why = String.valueOf(e.getMessage());
            if (refusedHostKey) {
                throw new KpcException.OperationFailed("the jump host at " + host + ":" + port + " presented the SSH host key "
                        + fingerprint(presented.get()) + ", which is not the one kpc expects (" + String.join(", ",
                        hostKeys.stream().map(JumpHostTunnel::fingerprint).toList()) + ", from the instance's console output "
                        + "or pinned on first use); refusing to connect");
            }
            throw new KpcException.OperationFailed("could not open an SSH session to the jump host at " + host + ":" + port
                    + " as " + user + " (" + why.replaceAll("\\s+", " ") + "); check jump_host.allowed_cidrs includes this "
                    + "machine's address and the key is the jump host's, or use access.mode: direct from inside the VPC");
        }
    }

    private static PublicKey keyOf(String line) {
        try {
            return PublicKeyEntry.parsePublicKeyEntry(line).resolvePublicKey(null, null, null);
        } catch (IOException | java.security.GeneralSecurityException e) {
            return null;
        }
    }

    static String fingerprint(String line) {
        PublicKey k = keyOf(line);
        return k == null ? line.split("\\s+")[0] : KeyUtils.getFingerPrint(k);
    }

    private void serve() {
        while (!closed) {
            Socket c;
            try {
                c = proxy.accept();
            } catch (IOException e) {
                return; // closed
            }
            Thread t = new Thread(() -> relay(c), "kpc-tunnel-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    /** One CONNECT: the request line names the endpoint; the bytes then flow through a direct-tcpip channel. */
    private void relay(Socket c) {
        try (c) {
            InputStream in = c.getInputStream();
            OutputStream out = c.getOutputStream();
            String head = readHead(in);
            String[] line = head.split("\r\n")[0].split(" ");
            if (line.length < 2 || !line[0].equals("CONNECT")) {
                out.write("HTTP/1.1 405 Method Not Allowed\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            String target = line[1];
            int colon = target.lastIndexOf(':');
            SshdSocketAddress remote = new SshdSocketAddress(target.substring(0, colon), Integer.parseInt(target.substring(colon + 1)));
            ChannelDirectTcpip channel;
            try {
                channel = session().createDirectTcpipChannel(new SshdSocketAddress("127.0.0.1", 0), remote);
                channel.open().verify(CONNECT);
            } catch (RuntimeException | IOException e) {
                out.write("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            try (channel) {
                out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Thread up = new Thread(() -> pump(in, channel.getInvertedIn()), "kpc-tunnel-up");
                up.setDaemon(true);
                up.start();
                pump(channel.getInvertedOut(), out);
                up.join(1000);
            }
        } catch (IOException | InterruptedException e) {
            // the client or the channel went away: nothing to tell anyone
        }
    }

    private static String readHead(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        while (b.length() < 8192 && !b.toString().endsWith("\r\n\r\n")) {
            int ch = in.read();
            if (ch < 0) break;
            b.append((char) ch);
        }
        return b.toString();
    }

    private static void pump(InputStream from, OutputStream to) {
        byte[] buf = new byte[16384];
        try {
            for (int n = from.read(buf); n >= 0; n = from.read(buf)) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            // one side closed
        } finally {
            try {
                to.close();
            } catch (IOException e) {
                // already closed
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            proxy.close();
        } catch (IOException e) {
            // closing
        }
        synchronized (this) {
            if (session != null) session.close(true);
        }
        client.stop();
    }

}
