package ai.katonic.kpc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs that are not a config at all: each ends in one clear located error, exit 2, no stack trace. */
class MalformedInputTest {
    @TempDir
    Path dir;

    private Cli.Result validate(Path file) {
        Cli.Result r = Cli.run("validate", "-f", file.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.all()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("internal error");
        return r;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    @Test
    void yamlOneOneBooleansReadAsBeforeUnlessQuoted() throws IOException {
        String example = Files.readString(Path.of("examples/kpc.yaml"));
        assertThat(example).contains("airbyte: false}");
        Path no = write("no.yaml", example.replace("airbyte: false}", "airbyte: no}").getBytes(StandardCharsets.UTF_8));
        Cli.Result plain = Cli.run("validate", "-f", no.toString());
        assertThat(plain.exit()).as(plain.all()).isZero();
        Path quoted = write("quoted.yaml", example.replace("airbyte: false}", "airbyte: 'no'}").getBytes(StandardCharsets.UTF_8));
        assertThat(validate(quoted).err()).contains("apps.airbyte: expected true or false, got string 'no'");
    }

    @Test
    void missingFile() {
        Path p = dir.resolve("absent.yaml");
        assertThat(validate(p).err()).contains(p + ":1:1: error: file not found; run `kpc init");
    }

    @Test
    void directoryInsteadOfFile() {
        assertThat(validate(dir).err()).contains(dir + ":1:1: error: is a directory");
    }

    @Test
    void emptyFile() throws IOException {
        Path p = write("empty.yaml", new byte[0]);
        assertThat(validate(p).err()).contains(p + ":1:1: error: file is empty");
    }

    @Test
    void onlyComments() throws IOException {
        Path p = write("comments.yaml", "# nothing here\n\n# yet\n".getBytes(StandardCharsets.UTF_8));
        assertThat(validate(p).err()).contains(p + ":1:1: error: file is empty");
    }

    @Test
    void binaryFile() throws IOException {
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        Path p = write("binary.yaml", bytes);
        assertThat(validate(p).err()).contains(p + ":1:1: error: file is not UTF-8 text");
    }

    @Test
    void nulBytesAreReportedWhereTheyAre() throws IOException {
        Path p = write("nul.yaml", "cluster_name: a\nregion: \0\n".getBytes(StandardCharsets.UTF_8));
        assertThat(validate(p).err()).contains(p + ":2:9: error: file contains NUL bytes");
    }

    @Test
    void hugeFile() throws IOException {
        byte[] bytes = ("# " + "x".repeat(100) + "\n").repeat(5000).getBytes(StandardCharsets.UTF_8);
        Path p = write("huge.yaml", bytes);
        assertThat(validate(p).err()).contains(p + ":1:1: error: file is " + bytes.length + " bytes");
    }

    @Test
    void aliasBombIsRefusedWithoutExpanding() throws IOException {
        StringBuilder sb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'j'; c++, prev++) {
            sb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) sb.append(i == 0 ? "" : ",").append('*').append(prev);
            sb.append("]\n");
        }
        Path p = write("bomb.yaml", sb.toString().getBytes(StandardCharsets.UTF_8));
        assertThat(validate(p).err()).contains(p + ":2:").contains("aliases (*a) are not supported");
    }

    @Test
    void deepNesting() throws IOException {
        String deep = "a: " + "[".repeat(500) + "]".repeat(500) + "\n";
        Path p = write("deep.yaml", deep.getBytes(StandardCharsets.UTF_8));
        assertThat(validate(p).err()).contains(p + ":1:").contains("error:");
    }

    @Test
    void scalarDocument() throws IOException {
        Path p = write("scalar.yaml", "just a string\n".getBytes(StandardCharsets.UTF_8));
        assertThat(validate(p).err()).contains(p + ":1:1: error: the config must be a mapping");
    }

    @Test
    void tabIndentationIsASyntaxError() throws IOException {
        Path p = write("tabs.yaml", "vpc:\n\tcidr: 10.0.0.0/21\n".getBytes(StandardCharsets.UTF_8));
        assertThat(validate(p).err()).contains(p + ":2:").contains("error: YAML syntax error");
    }
}
