package ai.katonic.kpc.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The completion scripts, generated in-process; bash's is run by bash itself. */
class CompletionTest {
    @TempDir
    Path dir;

    /** What bash offers after the words typed so far (the last one being completed). */
    private String complete(Path script, String... words) throws Exception {
        String line = "source " + script + "; COMP_WORDS=(" + String.join(" ", words) + "); COMP_CWORD=" + (words.length - 1)
                + "; _complete_kpc; echo \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder("bash", "-c", line)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start(); // compopt complains outside a real completion
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void bashCompletesCommandsSubcommandsAndOptions() throws Exception {
        Cli.Result r = Cli.run("completion", "bash");
        assertThat(r.exit()).as(r.all()).isZero();
        Path script = Files.writeString(dir.resolve("kpc.bash"), r.out());
        assertThat(complete(script, "kpc", "ap")).isEqualTo("apply");
        assertThat(complete(script, "kpc", "state", "")).contains("list", "show", "rm", "pull");
        assertThat(complete(script, "kpc", "status", "-o", "")).contains("text", "json", "yaml");
        assertThat(complete(script, "kpc", "destroy", "--delete-b")).isEqualTo("--delete-backups");
    }

    @Test
    void zshAndFishScriptsNameTheSameCommands() {
        Cli.Result zsh = Cli.run("completion", "zsh");
        assertThat(zsh.exit()).isZero();
        assertThat(zsh.out()).startsWith("autoload -U +X compinit").contains("bashcompinit").contains("complete -F _complete_kpc");
        Cli.Result fish = Cli.run("completion", "fish");
        assertThat(fish.exit()).isZero();
        assertThat(fish.out()).contains("complete -c kpc -f -n '__fish_use_subcommand' -a apply")
                .contains("complete -c kpc -f -n '__fish_seen_subcommand_from state; and not __fish_seen_subcommand_from")
                .contains("-a rm -d 'Forget a resource")
                .containsPattern("complete -c kpc -n '__fish_seen_subcommand_from status' -s o -l output -r -a 'text json yaml'");
        Cli.Result bad = Cli.run("completion", "powershell");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("powershell").doesNotContain("Exception");
    }
}
