package ai.katonic.kpc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One invalid config per rule, in src/test/resources/config/invalid. Each file marks the line of
 * every expected finding with {@code #! error: <key path>}; the test runs {@code kpc validate} and
 * requires exit 2, exactly those errors, each at its marked line with its key path.
 */
class InvalidConfigCorpusTest {
    private static final Pattern MARK = Pattern.compile("#! (error|warning): ?(\\S*)");

    static Path dir(String name) throws URISyntaxException {
        return Path.of(InvalidConfigCorpusTest.class.getResource("/config/" + name).toURI());
    }

    static Stream<Path> corpus() throws Exception {
        try (Stream<Path> files = Files.list(dir("invalid"))) {
            return files.sorted().toList().stream();
        }
    }

    @Test
    void corpusIsLargeEnough() throws Exception {
        assertThat(corpus().count()).isGreaterThanOrEqualTo(40);
    }

    @Test
    void baseOfTheCorpusIsValid() throws Exception {
        Cli.Result r = Cli.run("validate", "-f", dir("valid-base.yaml").toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
    }

    record Expected(String severity, int line, String path) {}

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void eachInvalidConfigIsRejectedAtTheRightPlace(Path file) throws IOException {
        List<Expected> expected = new ArrayList<>();
        List<String> lines = Files.readAllLines(file);
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARK.matcher(lines.get(i));
            if (m.find()) expected.add(new Expected(m.group(1), i + 1, m.group(2)));
        }
        assertThat(expected).as("the file marks at least one expected error").isNotEmpty();

        Cli.Result r = Cli.run("validate", "-f", file.toString());

        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
        List<String> errors = r.err().lines().filter(l -> l.startsWith(file + ":") && l.contains(": error: ")).toList();
        long expectedErrors = expected.stream().filter(e -> e.severity().equals("error")).count();
        assertThat(errors).as("errors printed:\n" + r.err()).hasSize((int) expectedErrors);
        for (Expected e : expected) {
            String prefix = file + ":" + e.line() + ":";
            String what = e.path().isEmpty() ? ": " + e.severity() + ": " : ": " + e.severity() + ": " + e.path() + ": ";
            assertThat(r.err().lines().filter(l -> l.startsWith(prefix) && l.contains(what)))
                    .as("expected '%s' at line %d in:\n%s", what, e.line(), r.err()).isNotEmpty();
        }
    }
}
