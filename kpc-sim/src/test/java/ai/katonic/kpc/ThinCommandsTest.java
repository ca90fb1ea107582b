package ai.katonic.kpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI's commands are picocli only: each {@code @Command} class, from its annotation to its closing
 * brace (the subcommands nested in it not counted), is at most {@value #LIMIT} lines; what a command
 * does lives in the operations ({@code ops}) and what it prints in its text helpers.
 */
class ThinCommandsTest {
    static final int LIMIT = 60;

    record Span(String file, String name, int from, int to) {}

    @Test
    void everyCommandIsAtMostSixtyLines() throws IOException {
        List<String> over = new ArrayList<>();
        int commands = 0;
        for (Path dir : List.of(Path.of("kpc-core/src/main/java/ai/katonic/kpc/cli"), Path.of("kpc-sim/src/main/java/ai/katonic/kpc/sim/cli"))) {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                    List<Span> spans = commands(f);
                    commands += spans.size();
                    for (Span s : spans) {
                        int nested = spans.stream().filter(n -> n.from() > s.from() && n.to() <= s.to()).mapToInt(n -> n.to() - n.from() + 1).sum();
                        int lines = s.to() - s.from() + 1 - nested;
                        if (lines > LIMIT) over.add(s.file() + " " + s.name() + ": " + lines + " lines");
                    }
                }
            }
        }
        assertThat(commands).as("@Command classes found").isGreaterThan(20);
        assertThat(over).as("commands over " + LIMIT + " lines").isEmpty();
    }

    @Test
    void aLongCommandIsCounted() throws IOException {
        Path f = Files.createTempFile("Long", ".java");
        StringBuilder src = new StringBuilder("@Command(name = \"x\", description = \"a { brace in a string\")\nfinal class X {\n");
        for (int i = 0; i < 70; i++) src.append("    int f").append(i).append(";\n");
        src.append("    @Command(name = \"y\")\n    static final class Y {\n        int g;\n    }\n}\n");
        Files.writeString(f, src.toString());
        List<Span> spans = commands(f);
        assertThat(spans).extracting(Span::name).containsExactly("X", "Y");
        assertThat(spans.get(0).to() - spans.get(0).from() + 1).isEqualTo(77);
        assertThat(spans.get(1).to() - spans.get(1).from() + 1).isEqualTo(4);
        Files.delete(f);
    }

    private static final Pattern CLASS = Pattern.compile("\\bclass (\\w+)");

    /** Each @Command class of the file: from its annotation's line to its closing brace's (braces in strings and comments ignored). */
    static List<Span> commands(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file);
        List<Span> spans = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().startsWith("@Command(")) continue;
            int j = i;
            Matcher m;
            while (!(m = CLASS.matcher(code(lines.get(j)))).find()) j++;
            String name = m.group(1);
            int depth = 0;
            boolean opened = false;
            int k = j;
            for (; ; k++) {
                String c = code(lines.get(k));
                for (char ch : c.toCharArray()) {
                    if (ch == '{') {
                        depth++;
                        opened = true;
                    } else if (ch == '}') {
                        depth--;
                    }
                }
                if (opened && depth == 0) break;
            }
            spans.add(new Span(file.getFileName().toString(), name, i, k));
        }
        return spans;
    }

    /** The line without its string and char literals and its line comment. */
    static String code(String line) {
        return line.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"").replaceAll("'(\\\\.|[^'\\\\])'", "''").replaceAll("//.*", "");
    }
}
