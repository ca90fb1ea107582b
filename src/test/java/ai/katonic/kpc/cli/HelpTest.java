package ai.katonic.kpc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The one-line summaries `--help` lists for every command: whole sentences, never cut in the middle. */
class HelpTest {
    private static void summaries(CommandLine cmd, String path, List<String> out) {
        cmd.getSubcommands().forEach((name, sub) -> {
            var usage = sub.getCommandSpec().usageMessage();
            String summary = usage.header().length > 0 ? usage.header()[0] : usage.description().length > 0 ? usage.description()[0] : "";
            out.add(path + name + ": " + summary);
            summaries(sub, path + name + " ", out);
        });
    }

    @Test
    void everyCommandsSummaryIsAWholeSentence() {
        List<String> all = new ArrayList<>();
        summaries(Main.commandLine(), "kpc ", all);
        assertThat(all).hasSizeGreaterThan(25);
        assertThat(all).allSatisfy(line -> assertThat(line).as(line).matches("kpc [a-z ]+: [A-Z`].*[.)]$"));
    }
}
