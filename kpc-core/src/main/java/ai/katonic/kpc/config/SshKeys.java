package ai.katonic.kpc.config;

import java.nio.file.Path;

/** Where a configured key path points: {@code ~} is the home directory, relative paths start at the config. */
public final class SshKeys {
    private SshKeys() {}

    public static Path resolve(Path configDir, String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(path.substring(Math.min(2, path.length())));
        }
        return configDir.resolve(path).normalize();
    }

    private static final java.util.regex.Pattern OPENSSH_PUBLIC = java.util.regex.Pattern.compile(
            "(ssh-(rsa|dss|ed25519)|ecdsa-sha2-nistp(256|384|521)|sk-(ssh-ed25519|ecdsa-sha2-nistp256)@openssh\\.com) AAAA[A-Za-z0-9+/=]+( .*)?");

    /**
     * Why the file is not a public key EC2 can import (OpenSSH's one-line form, or a PEM / RFC 4716
     * public key), or null when it is one. Only the first line is read: a private key's body never
     * leaves this method, and never reaches a request, a log or an error message.
     */
    public static String notAPublicKey(Path file) {
        String first;
        try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.US_ASCII)) {
            first = r.readLine();
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "cannot be read as text (" + e.getClass().getSimpleName() + ")";
        }
        if (first == null || first.isBlank()) return "is empty";
        first = first.strip();
        if (first.contains("PRIVATE KEY")) return "is a private key; give its public half (the .pub file beside it), never the private key";
        if (OPENSSH_PUBLIC.matcher(first).matches() || first.equals("-----BEGIN PUBLIC KEY-----")
                || first.equals("-----BEGIN RSA PUBLIC KEY-----") || first.equals("---- BEGIN SSH2 PUBLIC KEY ----")) {
            return null;
        }
        return "is not an SSH public key (expected a line like 'ssh-ed25519 AAAA... comment', or a PEM public key)";
    }
}
