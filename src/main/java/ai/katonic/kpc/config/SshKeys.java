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
}
