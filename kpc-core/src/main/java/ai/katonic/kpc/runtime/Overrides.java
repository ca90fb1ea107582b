package ai.katonic.kpc.runtime;

import java.util.function.Function;

/**
 * Where a run sends what it would otherwise send to the public internet or to the jump host's public IP,
 * as {@code AWS_ENDPOINT_URL} sends the AWS calls, and how fast its cloud answers: read once, where a command starts
 * ({@link #fromEnvironment}), and handed to the layers below as a value. The simulator prints them
 * ({@code kpc sim serve}); the demo and a rehearsal set them for the commands they run in-process.
 *
 * @param chartsRepository every chart fetched from this one repository whatever the config says
 *                         ({@code KPC_CHARTS_REPOSITORY}); null: the config's {@code charts.repository}, else each chart's own
 * @param imageRegistry    every image question of the preflight asked of this one registry, the image's registry host
 *                         becoming the first segment of its name ({@code KPC_IMAGE_REGISTRY}); null: each image's own registry
 * @param jumpHostAddress  {@code host:port} to SSH to instead of the jump host's public IP on port 22, unless the config's
 *                         {@code access.jump_host_address} names one ({@code KPC_JUMP_HOST_ADDRESS}); null: none
 * @param timeScale        how much faster than AWS the cloud answers, every wait of the run shrunk by it ({@code KPC_TIME_SCALE}:
 *                         a rehearsal's simulator); null: AWS's own time
 */
public record Overrides(String chartsRepository, String imageRegistry, String jumpHostAddress, TimeScale timeScale) {
    /** Nothing redirected: the public repositories and registries, the jump host's own address, AWS's time. */
    public static final Overrides NONE = new Overrides(null, null, null, TimeScale.AWS);

    public Overrides {
        chartsRepository = url(chartsRepository);
        imageRegistry = url(imageRegistry);
        jumpHostAddress = jumpHostAddress == null || jumpHostAddress.isBlank() ? null : jumpHostAddress.strip();
        timeScale = timeScale == null ? TimeScale.AWS : timeScale;
    }

    /** These redirects at another time scale (a unit test's fast waits). */
    public Overrides withTimeScale(TimeScale scale) {
        return new Overrides(chartsRepository, imageRegistry, jumpHostAddress, scale);
    }

    /** From the environment ({@code KPC_CHARTS_REPOSITORY}, ...); a JVM property of the same name in camel case wins ({@code kpc.chartsRepository}). */
    public static Overrides fromEnvironment() {
        return from(name -> System.getProperty("kpc." + name, System.getenv(envName(name))));
    }

    /** {@code chartsRepository} → {@code KPC_CHARTS_REPOSITORY}, in any default locale. */
    static String envName(String name) {
        return "KPC_" + name.replaceAll("([A-Z])", "_$1").toUpperCase(java.util.Locale.ROOT);
    }

    /** {@code lookup}: the value of a name ({@code chartsRepository}, {@code imageRegistry}, {@code jumpHostAddress}, {@code timeScale}), or null. */
    static Overrides from(Function<String, String> lookup) {
        return new Overrides(lookup.apply("chartsRepository"), lookup.apply("imageRegistry"), lookup.apply("jumpHostAddress"),
                TimeScale.parse(lookup.apply("timeScale")));
    }

    private static String url(String u) {
        return u == null || u.isBlank() ? null : u.strip().replaceAll("/+$", "");
    }
}
