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

    private static String help(String... path) {
        CommandLine c = Main.commandLine();
        for (String p : path) c = c.getSubcommands().get(p);
        return c.getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    @Test
    void theAwsFlagsAreOnlyOnTheCommandsThatCallAws() {
        for (String[] offline : List.of(new String[] {"validate"}, new String[] {"schema"}, new String[] {"version"},
                new String[] {"completion"}, new String[] {"policy", "installer"}, new String[] {"rehearse"})) {
            assertThat(help(offline)).as(String.join(" ", offline)).doesNotContain("--endpoint-url").doesNotContain("--log-file");
        }
        for (String[] online : List.of(new String[] {"apply"}, new String[] {"status"}, new String[] {"destroy"},
                new String[] {"state", "pull"}, new String[] {"backup", "create"}, new String[] {"token"}, new String[] {"init"})) {
            assertThat(help(online)).as(String.join(" ", online)).contains("--endpoint-url").contains("--profile").contains("--log-file");
        }
    }

    @Test
    void anAwsFlagBeforeOrAfterTheCommandIsTheSameValue() {
        CommandLine after = Main.commandLine();
        after.parseArgs("status", "--profile", "prod", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:1", "-v");
        KpcCommand a = after.getCommand();
        assertThat(List.of(a.profile, a.region, a.endpointUrl, String.valueOf(a.verbose)))
                .containsExactly("prod", "eu-west-1", "http://127.0.0.1:1", "true");

        CommandLine before = Main.commandLine();
        before.parseArgs("--profile", "sim", "--region", "eu-west-1", "backup", "list");
        KpcCommand b = before.getCommand();
        assertThat(List.of(b.profile, b.region)).containsExactly("sim", "eu-west-1");

        // a command that calls nothing refuses them after its name, as any unknown flag
        CommandLine offline = Main.commandLine();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> offline.parseArgs("validate", "--endpoint-url", "http://127.0.0.1:1"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class);
    }
}
