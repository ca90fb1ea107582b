package ai.katonic.kpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The product jar as {@code mvn package} builds it ({@code kpc-core/target/kpc.jar}; this class runs after it,
 * in {@code mvn verify}) carries nothing of the simulator and no library kpc does not use: no mock API server,
 * no BouncyCastle, no vert.x or Netty (fabric8 speaks through the JDK's HTTP client), no SDK HTTP client but
 * the URL-connection one, no Jackson 2 databind beside Jackson 3.
 */
@EndToEnd
class ProductJarTest {
    private static final List<String> NOT_IN_THE_PRODUCT = List.of(
            "ai/katonic/kpc/sim/", "io/fabric8/mockwebserver/", "io/fabric8/kubernetes/client/server/mock/",
            "org/bouncycastle/", "io/vertx/", "io/netty/", "io/fabric8/kubernetes/client/vertx",
            "software/amazon/awssdk/http/apache/", "software/amazon/awssdk/http/apache5/", "software/amazon/awssdk/http/nio/netty/",
            "org/apache/http/", "com/fasterxml/jackson/databind/", "com/fasterxml/jackson/core/", "com/fasterxml/jackson/dataformat/");

    @Test
    void carriesNoneOfTheSimulatorsLibrariesAndNoUnusedHttpClient() throws Exception {
        Path jar = Path.of("kpc-core/target/kpc.jar");
        assertThat(jar).as("built by mvn package, before the integration tests").exists();
        List<String> names;
        try (ZipFile z = new ZipFile(jar.toFile())) {
            names = z.stream().map(e -> e.getName()).toList();
        }
        assertThat(names).as("what kpc runs").contains("ai/katonic/kpc/cli/Main.class",
                "io/fabric8/kubernetes/client/jdkhttp/JdkHttpClientFactory.class", "tools/jackson/databind/ObjectMapper.class",
                "software/amazon/awssdk/http/urlconnection/UrlConnectionHttpClient.class");
        for (String prefix : NOT_IN_THE_PRODUCT) {
            assertThat(names).as("nothing under " + prefix).noneMatch(n -> n.startsWith(prefix));
        }
        assertThat(Files.size(jar)).as("bytes").isLessThan(120_000_000L);
    }
}
